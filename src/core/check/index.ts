// The session check: runs every check in order against one server and reports pass / fail /
// warn / skip with what was sent and received. Only the session check's own sessions are touched.

import { KnownSecrets, withUrlCredentials } from '../trace/knownSecrets';
import { isLoopbackHost } from '../util/net';
import { affinityCheck } from './checks/affinity';
import { oauthAudienceCheck, oauthMetadataCheck, oauthPkceCheck, oauthRegistrationCheck } from './checks/auth';
import { bufferingCheck } from './checks/buffering';
import { beforeInitializedCheck } from './checks/handshake';
import { corsExposeCheck, corsPreflightCheck, originCheck, protocolVersionCheck } from './checks/http';
import { endpointCheck, legacyUnknownSessionCheck } from './checks/legacy';
import { deleteSessionCheck, missingHeaderCheck, sessionIssuedCheck, unknownSessionCheck } from './checks/session';
import { hostValidationCheck } from './checks/rebinding';
import { ssePrimingCheck } from './checks/ssePriming';
import { headerMismatchCheck, statelessGetDeleteCheck, statelessInitializeCheck, unsupportedVersionCheck } from './checks/stateless';
import { getStreamCheck, resumabilityCheck, secondGetCheck } from './checks/streams';
import { transportCheck } from './checks/transport';
import { ProbeClient } from './probe';
import type { CheckContext, CheckResult, Check, SessionCheckReport } from './types';

export type { CheckResult, CheckStatus, SessionCheckReport } from './types';

/** Every check, in the order they run (the transport check first: the others use its facts). */
export const allChecks: readonly Check[] = [
  transportCheck,
  oauthMetadataCheck,
  oauthPkceCheck,
  oauthRegistrationCheck,
  oauthAudienceCheck,
  sessionIssuedCheck,
  missingHeaderCheck,
  unknownSessionCheck,
  deleteSessionCheck,
  getStreamCheck,
  secondGetCheck,
  resumabilityCheck,
  ssePrimingCheck,
  bufferingCheck,
  corsPreflightCheck,
  corsExposeCheck,
  originCheck,
  hostValidationCheck,
  protocolVersionCheck,
  headerMismatchCheck,
  statelessGetDeleteCheck,
  statelessInitializeCheck,
  unsupportedVersionCheck,
  beforeInitializedCheck,
  affinityCheck,
  endpointCheck,
  legacyUnknownSessionCheck,
];

export interface SessionCheckOptions {
  headers?: Record<string, string>;
  timeoutMs?: number;
  allowMutating?: boolean;
  /** More values to redact wherever they appear (e.g. `${input:…}` values in the server's definition). */
  secrets?: readonly string[];
  /** Run only these check ids (the transport check always runs). */
  only?: readonly string[];
  /** Called after each check, for progress output. */
  onResult?: (result: CheckResult) => void;
}

/** Runs the checks against an HTTP MCP server URL. */
export async function runSessionCheck(target: string, options: SessionCheckOptions = {}): Promise<SessionCheckReport> {
  // Userinfo in the URL is sent as Basic authorization, as curl and browsers do.
  const { url, headers } = withUrlCredentials(target, options.headers);
  const secrets = KnownSecrets.of({ headers, url: target, inputValues: options.secrets });
  const timeoutMs = options.timeoutMs ?? 10_000;
  const context: CheckContext = {
    url,
    probe: new ProbeClient(url, headers, timeoutMs, secrets.values),
    facts: { loopback: isLoopbackHost(url.hostname) },
    allowMutating: options.allowMutating ?? false,
    timeoutMs,
  };
  const started = Date.now();
  const checks: CheckResult[] = [];
  for (const check of allChecks) {
    // The OAuth checks build on what the metadata check learns, as every check builds on the transport check.
    const prerequisite = check === transportCheck || (check === oauthMetadataCheck && options.only?.some((id) => id.startsWith('oauth-')));
    if (options.only && !prerequisite && !options.only.includes(check.id)) continue;
    const log = { sent: [] as string[], received: [] as string[] };
    const checkStarted = Date.now();
    const skipReason =
      context.facts.transport === 'none' && check !== transportCheck && !check.runsWithoutTransport
        ? context.facts.requiresAuth
          ? 'the server requires a token (pass --header "Authorization: Bearer …")'
          : 'no MCP transport answered'
        : check.applies?.(context);
    let result: CheckResult;
    if (skipReason) {
      result = {
        id: check.id,
        title: check.title,
        status: 'skip',
        message: `Skipped: ${skipReason}.`,
        rule: check.rule,
        sent: [],
        received: [],
        durationMs: 0,
      };
    } else {
      try {
        const outcome = await check.run(context, log);
        result = { id: check.id, title: check.title, ...outcome, rule: outcome.rule ?? check.rule, ...log, durationMs: Date.now() - checkStarted };
      } catch (error) {
        result = {
          id: check.id,
          title: check.title,
          status: 'fail',
          message: `The check itself failed: ${error instanceof Error ? error.message : String(error)}`,
          rule: check.rule,
          ...log,
          durationMs: Date.now() - checkStarted,
        };
      }
    }
    // What the server answered (and any error) may quote a credential: nothing leaves unredacted.
    result = redactedResult(result, secrets);
    checks.push(result);
    options.onResult?.(result);
  }
  // The report is printed and exported: its target loses credentials like everything else.
  return { target: secrets.url(target), startedAt: new Date(started).toISOString(), durationMs: Date.now() - started, facts: context.facts, checks };
}

function redactedResult(result: CheckResult, secrets: KnownSecrets): CheckResult {
  const clean = (text: string) => secrets.message(text);
  return { ...result, message: clean(result.message), sent: result.sent.map(clean), received: result.received.map(clean) };
}
