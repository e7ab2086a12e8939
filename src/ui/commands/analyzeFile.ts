// "Analyze Trace or Log File…": findings of a trace, HAR or log in the Problems panel (see ../problems/analyzeFile.ts).

import { analyzeTraceFile } from '../problems/analyzeFile';
import type { Command } from './command';
import { Commands } from './ids';

export const analyzeFile: Command = {
  id: Commands.analyzeFile,
  run: (context, argument) => analyzeTraceFile(context.diagnostics, context.log, argument),
};
