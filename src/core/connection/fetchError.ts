// A fetch failure in words, for the trace, the model and the tap.

/** Describes a fetch failure in one line (refused, DNS, TLS, reset, aborted). */
export function describeFetchError(error: unknown): string {
  const cause = (error as { cause?: { code?: string; message?: string } })?.cause;
  const code = cause?.code ?? (error as { code?: string })?.code;
  if ((error as { name?: string })?.name === 'AbortError') return 'aborted';
  switch (code) {
    case 'ECONNREFUSED':
      return 'connection refused';
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return 'host not found (DNS)';
    case 'ECONNRESET':
      return 'connection reset';
    case 'ETIMEDOUT':
    case 'UND_ERR_CONNECT_TIMEOUT':
      return 'connection timed out';
    default:
      if (code && /CERT|SSL|TLS|ERR_TLS/.test(code)) return `TLS error (${code})`;
      return cause?.message ?? (error instanceof Error ? error.message : String(error));
  }
}
