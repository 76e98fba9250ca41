export const ChatListChanges = Symbol.for("aizoomdoc.ChatListChanges");

/**
 * Word that an owner's chat list changed (a chat created, renamed, archived or deleted, or a message moved its
 * activity), so an instance may serve chat lists from memory and still show every instance's changes. The in-process
 * one tells this process (the embedded database has no other); the one over Postgres `LISTEN/NOTIFY` tells every
 * instance on the server.
 *
 * Contract:
 * - `changed(ownerId)` is called once the change is stored. This instance's listeners hear `ownerId` before
 *   `changed` returns; every other instance's listeners hear it soon after. It never throws.
 * - A listener hears `undefined` ("any list may have changed") whenever its instance may have missed changes of
 *   others: its connection to them was lost, or it listens again after a gap.
 * - `reliable` is false while changes of other instances may go unheard; a list held in memory meanwhile is not to
 *   be trusted.
 * - The unsubscribe `onChange` returns stops that listener only.
 */
export interface ChatListChanges {
  readonly reliable: boolean;
  changed(ownerId: string): void;
  onChange(listener: (ownerId: string | undefined) => void): () => void;
}
