import type { User } from "../core/domain/user.js";
import type { WireUser } from "../hosts/http/wire/wire-user.js";

export function fromWireUser(wire: WireUser): User {
  return {
    id: wire.id,
    username: wire.username,
    role: wire.role,
    status: wire.status,
    createdAt: wire.created_at,
    ...(wire.last_seen_at ? { lastSeenAt: wire.last_seen_at } : {}),
  };
}
