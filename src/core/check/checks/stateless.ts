// 2026-07-28 (stateless era) checks, for servers that answer `server/discover`: the headers that
// must agree with the body (Mcp-Method, Mcp-Name) are enforced; GET and DELETE, session
// operations of the old era, answer 405; `initialize` under the new era is refused; an unknown
// protocol version gets -32022 with the versions the server supports.

import { isHeaderMismatchAnswer, isUnknownMethodAnswer, unsupportedVersionShapeGaps } from '../../protocol/statelessEraAnswers';
import { modernRequest } from '../modern';
import { detail, rpcErrorOf, type ProbeResponse } from '../probe';
import type { CheckContext, CheckLog, Check } from '../types';

const needsStatelessEra = (context: CheckContext) => (context.facts.statelessEra ? undefined : 'the server does not speak 2026-07-28 (no server/discover)');

/** A tool name no server has, so a request the server wrongly serves calls nothing. */
const NO_SUCH_TOOL = 'mcp-session-inspector-doctor-no-such-tool';

async function sendModern(context: CheckContext, log: CheckLog, request: ReturnType<typeof modernRequest>): Promise<ProbeResponse> {
  return context.probe.send({ method: 'POST', body: request.body, headers: request.headers, untilResponseId: request.body.id }, log);
}

export const headerMismatchCheck: Check = {
  id: 'stateless-headers',
  title: 'Mcp-Method and Mcp-Name must agree with the body',
  rule: 'header-mismatch-accepted',
  applies: needsStatelessEra,
  async run(context, log) {
    const probes = [
      { what: 'tools/list with Mcp-Method: tools/call', request: modernRequest('tools/list', {}, { headers: { 'mcp-method': 'tools/call' } }) },
      {
        what: `tools/call of "${NO_SUCH_TOOL}" with Mcp-Name: other-tool`,
        request: modernRequest('tools/call', { name: NO_SUCH_TOOL, arguments: {} }, { name: 'other-tool' }),
      },
    ];
    const accepted: string[] = [];
    for (const probe of probes) {
      const answer = await sendModern(context, log, probe.request);
      if (!isHeaderMismatchAnswer(answer.status, rpcErrorOf(answer)))
        accepted.push(`${probe.what} → ${answer.status}${detail(answer) ? ` ${detail(answer, 80)}` : ''}`);
    }
    if (accepted.length) {
      return {
        status: 'warn',
        message: `Not refused with 400 -32020: ${accepted.join('; ')}. Proxies and gateways route on these headers; a server that does not check them against the body can be handed a request meant for something else.`,
      };
    }
    return { status: 'pass', message: 'A Mcp-Method or Mcp-Name that disagrees with the body is refused with 400 -32020.' };
  },
};

export const statelessGetDeleteCheck: Check = {
  id: 'stateless-get-delete',
  title: 'GET and DELETE answer 405 (no sessions, no standalone stream)',
  rule: 'stateless-era-answers',
  applies: (context) =>
    needsStatelessEra(context) ?? (context.facts.stateful ? 'the server also keeps sessions (initialize issued an Mcp-Session-Id)' : undefined),
  async run(context, log) {
    const get = await context.probe.send({ method: 'GET', headers: { 'mcp-protocol-version': '2026-07-28' }, readMs: 1500 }, log);
    const del = await context.probe.send({ method: 'DELETE', headers: { 'mcp-protocol-version': '2026-07-28' } }, log);
    const odd = [get.status === 405 ? '' : `GET answered ${get.status}`, del.status === 405 ? '' : `DELETE answered ${del.status}`].filter(Boolean);
    if (odd.length)
      return {
        status: 'warn',
        message: `${odd.join('; ')}; a 2026-07-28 server has no sessions to open a stream on or end, and should answer 405 Method Not Allowed.`,
      };
    return { status: 'pass', message: 'GET and DELETE answer 405: no standalone stream and no session to end, as the era expects.' };
  },
};

export const statelessInitializeCheck: Check = {
  id: 'stateless-initialize',
  title: 'initialize under a 2026-07-28 header is refused',
  rule: 'stateless-era-answers',
  applies: needsStatelessEra,
  async run(context, log) {
    const request = modernRequest('initialize', {
      protocolVersion: '2026-07-28',
      capabilities: {},
      clientInfo: { name: 'mcp-session-inspector-doctor', version: '0.1.0' },
    });
    const answer = await sendModern(context, log, request);
    const error = rpcErrorOf(answer);
    if (isUnknownMethodAnswer(answer.status, error)) return { status: 'pass', message: `${answer.status} -32601: initialize is not a 2026-07-28 method.` };
    if (isHeaderMismatchAnswer(answer.status, error)) {
      return {
        status: 'pass',
        message: `400 -32020 (${detail(answer, 120)}): refused as the v2 TypeScript SDK does, naming the legacy handshake under a modern header rather than answering -32601.`,
      };
    }
    if (answer.status >= 200 && answer.status < 300 && !error) {
      return {
        status: 'warn',
        message: `Answered initialize sent with MCP-Protocol-Version 2026-07-28 (${answer.status}): the server mixes the eras; a 2026 client that sends it by mistake is never told.`,
      };
    }
    return { status: 'warn', message: `Answered ${answer.status} (${detail(answer) || 'no error'}); expected 404 -32601 (unknown method in this era).` };
  },
};

export const unsupportedVersionCheck: Check = {
  id: 'unsupported-version',
  title: 'An unknown protocol version gets -32022 with the supported versions',
  rule: 'protocol-version-unsupported',
  applies: needsStatelessEra,
  async run(context, log) {
    const answer = await sendModern(context, log, modernRequest('tools/list', {}, { version: '2099-01-01' }));
    const error = rpcErrorOf(answer);
    const gaps = unsupportedVersionShapeGaps(answer.status, error);
    if (!gaps.length) {
      const supported = (error?.data as { supported: string[] }).supported;
      return { status: 'pass', message: `400 -32022 naming the supported versions (${supported.join(', ')}), so a client can retry with one it shares.` };
    }
    return {
      status: 'warn',
      message: `A request for protocol version 2099-01-01 was answered ${answer.status} (${detail(answer) || 'no error'}): ${gaps.join('; ')}.`,
    };
  },
};
