// DNS rebinding by Host: a page on a rebinding domain reaches a loopback server with that domain
// in the Host header (and its Origin). fetch cannot set Host, so this probe speaks node:http.
// Same request and verdict as the official conformance suite's dns-rebinding-protection.

import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { holdsRpcResponse } from '../../protocol/rpcMessages';
import { redactText } from '../../trace/redact';
import { initializeRequest } from '../probe';
import { closeSession, SESSION_CHECK_PROTOCOL_VERSION } from '../session';
import type { CheckContext, CheckLog, Check } from '../types';

const REBINDING_HOST = 'evil.example.com';

interface HostAnswer {
  status: number;
  body: string;
  error?: string;
  /** A session the request opened (ended right after). */
  sessionId?: string;
}

/** POSTs `initialize` with the given Host and Origin; reads a bounded answer. */
function postWithHost(context: CheckContext, log: CheckLog, host: string, origin: string): Promise<HostAnswer> {
  const url = context.url;
  const body = JSON.stringify(initializeRequest(SESSION_CHECK_PROTOCOL_VERSION));
  log.sent.push(`POST ${url.pathname} initialize (Host ${host}, Origin ${origin})`);
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    const finish = (answer: HostAnswer) => {
      log.received.push(answer.error ?? `${answer.status} ${redactText(answer.body.slice(0, 120).replace(/\s+/g, ' '))}`.trim());
      resolve(answer);
    };
    const outgoing = send(
      url,
      {
        method: 'POST',
        headers: { host, origin, 'content-type': 'application/json', accept: 'application/json, text/event-stream', 'content-length': Buffer.byteLength(body) },
        timeout: context.timeoutMs,
      },
      (response) => {
        let text = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => {
          if (text.length < 4096) text += chunk;
          // An accepted initialize may answer with a stream: the status is all that matters.
          if (text.length >= 4096 || holdsRpcResponse(text)) response.destroy();
        });
        const sessionId = response.headers['mcp-session-id'];
        response.on('close', () => finish({ status: response.statusCode ?? 0, body: text, ...(typeof sessionId === 'string' ? { sessionId } : {}) }));
      },
    );
    outgoing.on('timeout', () => outgoing.destroy(new Error(`no answer within ${context.timeoutMs} ms`)));
    outgoing.on('error', (error) => finish({ status: 0, body: '', error: error.message }));
    outgoing.end(body);
  });
}

export const hostValidationCheck: Check = {
  id: 'host-validation',
  title: 'A non-localhost Host is rejected (DNS rebinding)',
  rule: 'origin-not-validated',
  applies: (context) =>
    context.facts.transport === 'streamable-http' && context.facts.initializeWorks
      ? context.facts.loopback
        ? undefined
        : 'the server is not on a loopback address'
      : 'the server does not speak the session era over Streamable HTTP',
  async run(context, log) {
    const own = await postWithHost(context, log, context.url.host, context.url.origin);
    const foreign = await postWithHost(context, log, REBINDING_HOST, `http://${REBINDING_HOST}`);
    for (const answer of [own, foreign])
      if (answer.sessionId) await closeSession(context, { id: answer.sessionId, protocolVersion: SESSION_CHECK_PROTOCOL_VERSION }, log);
    if (own.status >= 400 && own.status < 500) {
      return {
        status: 'fail',
        rule: 'origin-rejected',
        message: `Even the server's own Host ${context.url.host} is rejected (${own.status}); check its allowed hosts.`,
      };
    }
    if (foreign.status >= 400 && foreign.status < 500)
      return { status: 'pass', message: `Host ${REBINDING_HOST} rejected with ${foreign.status}; the server's own Host is accepted.` };
    return {
      status: 'warn',
      message: `A loopback server accepted Host ${REBINDING_HOST} with Origin http://${REBINDING_HOST} (${foreign.status || foreign.error}): a web page on a domain that resolves to 127.0.0.1 can drive it (DNS rebinding). Validate Host (for example the SDKs' allowed-hosts option) as well as Origin.`,
    };
  },
};
