// stream-resume-failed: resuming a stream with Last-Event-ID failed.

import { answerRule } from './answerRule';

export const streamResumeFailed = answerRule(
  'stream-resume-failed',
  'error',
  'Resuming a stream with Last-Event-ID failed',
  'resume-failed',
  (what) => `Resuming the stream failed: ${what}. Messages sent while the stream was down are lost.`,
  'Give the server transport an event store that can replay by event id, and make sure event ids are stable across instances.',
);
