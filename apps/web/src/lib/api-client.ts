import { type ErrorCode, errorEnvelope } from '@portal/contracts';

/** An API failure with the stable code the UI translates. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: ErrorCode | 'NETWORK',
    message: string,
    readonly details?: unknown,
  ) {
    super(message);
  }

  /**
   * The zod issue code of each field a 400 names, keyed by field name
   * ("body.email" → "email"). Only the codes: the details' messages are
   * zod's English and must not reach the UI (lib/form-errors translates).
   */
  fieldIssues(): Record<string, string> {
    if (!Array.isArray(this.details)) return {};
    const out: Record<string, string> = {};
    for (const d of this.details as { path?: unknown; code?: unknown }[]) {
      if (typeof d.path === 'string' && typeof d.code === 'string') out[d.path.replace(/^(body|query|params)\./, '')] ??= d.code;
    }
    return out;
  }
}

async function parseError(res: Response): Promise<ApiError> {
  const body: unknown = await res.json().catch(() => null);
  const parsed = errorEnvelope.safeParse(body);
  if (parsed.success) return new ApiError(res.status, parsed.data.error.code, parsed.data.error.message, parsed.data.error.details);
  return new ApiError(res.status, res.status >= 500 ? 'INTERNAL' : 'VALIDATION_FAILED', res.statusText || `HTTP ${res.status}`);
}

/**
 * JSON (or a multipart form) over fetch with the session cookie; every non-2xx
 * becomes an ApiError. Features call endpoints through `call` (endpoint-client),
 * which builds the URL from the contracts' table and types the answer.
 */
export async function api<T>(url: string, init: { method: string; body?: unknown; form?: FormData | undefined }): Promise<T> {
  let res: Response;
  try {
    res = await fetch(url, {
      method: init.method,
      credentials: 'same-origin',
      headers: init.body !== undefined ? { 'content-type': 'application/json' } : {},
      // A form sets its own multipart content type (with the boundary).
      body: init.form ?? (init.body !== undefined ? JSON.stringify(init.body) : null),
    });
  } catch {
    throw new ApiError(0, 'NETWORK', 'network error');
  }
  if (!res.ok) throw await parseError(res);
  // An answer without a body (204, or a 202 the contract declares empty, e.g. the password reset request) is undefined, not a JSON error.
  const text = await res.text();
  return (text ? JSON.parse(text) : undefined) as T;
}
