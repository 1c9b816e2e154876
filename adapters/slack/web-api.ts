import type { JsonResult, PostJson } from './transport.ts';

/** Slack Web API methods that carry a card (Block Kit blocks and a fallback text). */
export type CardMethod = 'chat.postMessage' | 'chat.postEphemeral' | 'chat.update';

export interface CardPosterOptions {
  /** The transport (createSlackTransport().postJson). */
  postJson: PostJson;
  /** The Web API base URL, ending in a slash. */
  apiUrl: string;
  token: string;
  /** Further attempts after a failed request (a network error or an HTTP 5xx) or a rate limit. */
  retries: number;
  /** Backoff before the first retry of a failed request, doubled each time up to maxTimeout (ms). */
  minTimeout: number;
  maxTimeout: number;
  /** Waits that long (ms); tests pass a clock of their own. */
  sleep?: (ms: number) => Promise<void>;
}

/** An answer of `ok: false` from Slack, shaped as the WebClient's platform errors are (`data.error`). */
export class SlackPlatformError extends Error {
  readonly code = 'slack_webapi_platform_error';
  constructor(readonly method: string, readonly data: { ok: false; error?: string }) {
    super(`Slack's ${method} answered ${data.error ?? 'an error'}`);
  }
}

/** How long Slack asks us to wait (Retry-After, in seconds), as ms; a second when it does not say. */
function retryAfterMs(retryAfter: string | undefined): number {
  const seconds = retryAfter === undefined || retryAfter === '' ? Number.NaN : Number(retryAfter);
  return Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : 1000;
}

/**
 * Sends cards to Slack as JSON, which the Web API accepts for its write methods (the token in the
 * Authorization header). Bolt's WebClient form-encodes every body, and first serialises a redacted
 * copy of it for a debug line it does not print; for an answer card of 3–4 KB of blocks that is some
 * 80 KB of garbage per answer, and a tenth of the app's CPU per event in the Slack bench. The
 * WebClient still makes every other call.
 *
 * A rate limit (HTTP 429) waits as long as Retry-After says; a network error or an HTTP 5xx is retried
 * with a doubling backoff; both at most `retries` times, as the WebClient is configured. An `ok: false`
 * answer rejects with a SlackPlatformError at once.
 *
 * @example
 *   const poster = new CardPoster({ postJson: transport.postJson, apiUrl: 'https://slack.com/api/', token, retries: 2, minTimeout: 200, maxTimeout: 2000 });
 *   await poster.call('chat.postMessage', { channel: 'D1', blocks, text });
 */
export class CardPoster {
  private readonly sleep: (ms: number) => Promise<void>;

  constructor(private readonly options: CardPosterOptions) {
    this.sleep = options.sleep ?? ((ms) => new Promise((resolve) => setTimeout(resolve, ms)));
  }

  async call(method: CardMethod, body: Record<string, unknown>): Promise<Record<string, unknown>> {
    const { retries, minTimeout, maxTimeout } = this.options;
    const payload = JSON.stringify(body);
    const headers = { 'content-type': 'application/json; charset=utf-8', authorization: `Bearer ${this.options.token}` };
    for (let attempt = 0; ; attempt++) {
      let res: JsonResult;
      try {
        res = await this.options.postJson(`${this.options.apiUrl}${method}`, headers, payload);
      } catch (e) {
        if (attempt >= retries) throw e;
        await this.sleep(Math.min(maxTimeout, minTimeout * 2 ** attempt));
        continue;
      }
      if (res.status === 429 || res.status >= 500) {
        if (attempt >= retries) throw new Error(`Slack's ${method} answered HTTP ${res.status}${res.status === 429 ? ' (rate limited)' : ''}`);
        await this.sleep(res.status === 429 ? retryAfterMs(res.retryAfter) : Math.min(maxTimeout, minTimeout * 2 ** attempt));
        continue;
      }
      const data = (res.data ?? {}) as { ok?: boolean; error?: string };
      if (data.ok !== true) throw new SlackPlatformError(method, { ok: false, error: data.error ?? `HTTP ${res.status}` });
      return data as Record<string, unknown>;
    }
  }
}
