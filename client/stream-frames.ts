/**
 * What a run's stream delivers, whatever carries it: an event frame (`id`, `event`, `data` as the server sent them;
 * checked by the reader), or a sign of life that carries no event (an SSE comment, a WebSocket keep-alive frame).
 */
export type StreamFrame = { kind: "event"; id: string | undefined; event: string | undefined; data: unknown } | { kind: "keep-alive" };

/**
 * Opens a run's stream just after an event id (none: from its start). The frames end when the server ends the
 * stream cleanly; a connection that drops fails the iteration; aborting `signal` closes the connection. A refusal
 * (an unknown run, an expired token) is thrown as a `DomainError`.
 */
export type OpenStream = (lastEventId: string | undefined, signal: AbortSignal) => Promise<AsyncIterable<StreamFrame>>;

/** A frame's JSON text, parsed; text that is not JSON gives `undefined`, which the reader refuses as outside the contract. */
export function parseFrameData(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}
