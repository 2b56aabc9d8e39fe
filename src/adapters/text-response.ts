/**
 * The Response `sim.fetch` answers with: a real `Response` (same class, same headers, status and
 * body behaviour) whose body is the JSON text the simulator already holds. `.text()` and `.json()`
 * on a body nobody has touched are answered from that text; anything else asked of the body
 * (`.body`, `.clone()`, `.arrayBuffer()`, `.blob()`, `.bytes()`, `.formData()`, a second read) is
 * answered by a real `Response` built from the same text on first need, so every behaviour but
 * the common read is the platform's own, errors and messages included.
 *
 * Why: a `Response` built from a string makes a `ReadableStream` of it, and reading it back walks
 * that stream, which costs several times what the simulator spends creating and confirming a
 * PaymentIntent (docs/decisions.md, "The fake fetch reads its own text"). No client reads a
 * stream it never asked for.
 */

/** Statuses whose Response has no body at all (the fetch standard's null body statuses). */
const NULL_BODY_STATUSES = new Set([101, 103, 204, 205, 304]);

/** The default Content-Type a Response gets for a string body (undici's, per the fetch standard). */
const TEXT_TYPE = 'text/plain;charset=UTF-8';

class TextResponse extends Response {
  /** The body, until it is read through the fast path or handed to `#real`. */
  #text: string | undefined;
  /** A real Response with this body (already read if this one was), built on first need. */
  #real: Response | undefined;

  constructor(text: string, init: { status: number; headers: Record<string, string> }) {
    super(null, init);
    if (!this.headers.has('content-type')) this.headers.set('content-type', TEXT_TYPE);
    this.#text = text;
  }

  /** The text, if the body is untouched (it is then read): undefined otherwise. */
  #take(): string | undefined {
    if (this.#real !== undefined) return undefined;
    const text = this.#text;
    this.#text = undefined;
    return text;
  }

  /** The real Response this one stands for: built once, already read when this body was read. */
  #body(): Response {
    if (this.#real === undefined) {
      const read = this.#text === undefined;
      const real = new Response(this.#text ?? '', { status: this.status, statusText: this.statusText, headers: this.headers });
      // A read body refuses a second read, a clone and so on: the real one is read too, so it
      // refuses them with the platform's own errors.
      if (read) void real.text();
      this.#text = undefined;
      this.#real = real;
    }
    return this.#real;
  }

  override get body(): Response['body'] {
    return this.#body().body;
  }

  override get bodyUsed(): boolean {
    return this.#real === undefined ? this.#text === undefined : this.#real.bodyUsed;
  }

  override text(): Promise<string> {
    const text = this.#take();
    return text === undefined ? this.#body().text() : Promise.resolve(text);
  }

  override json(): Promise<unknown> {
    const text = this.#take();
    if (text === undefined) return this.#body().json();
    try {
      return Promise.resolve(JSON.parse(text));
    } catch (e) {
      return Promise.reject(e);
    }
  }

  override clone(): Response {
    return this.#body().clone();
  }

  static {
    // Every other method of Response (arrayBuffer, blob, bytes, formData, and any a later Node
    // adds) is the real body's: none reads the empty body this one was constructed with.
    for (const name of Object.getOwnPropertyNames(Response.prototype)) {
      const own = Object.getOwnPropertyDescriptor(Response.prototype, name)!;
      if (name === 'constructor' || typeof own.value !== 'function' || Object.hasOwn(TextResponse.prototype, name)) continue;
      Object.defineProperty(TextResponse.prototype, name, {
        ...own,
        value(this: TextResponse, ...args: unknown[]): unknown {
          const real = this.#body() as unknown as Record<string, (...a: unknown[]) => unknown>;
          return real[name]!(...args);
        },
      });
    }
    // Named as the class it stands for (`res.constructor.name`, stack traces).
    Object.defineProperty(TextResponse, 'name', { value: 'Response' });
  }
}

/** The Response for an answer: a TextResponse, or a plain one where a body is not allowed. */
export function textResponse(body: string, init: { status: number; headers: Record<string, string> }): Response {
  return NULL_BODY_STATUSES.has(init.status) ? new Response(body, init) : new TextResponse(body, init);
}
