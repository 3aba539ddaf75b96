export const ROLES = ['owner', 'admin', 'member', 'viewer'] as const;
export type Role = (typeof ROLES)[number];

export const API_KEY_SCOPES = ['read', 'write', 'admin'] as const;
export type ApiKeyScope = (typeof API_KEY_SCOPES)[number];

const RANK: Record<Role, number> = { viewer: 0, member: 1, admin: 2, owner: 3 };

export const atLeast = (role: Role, minimum: Role) => RANK[role] >= RANK[minimum];
export const outranks = (a: Role, b: Role) => RANK[a] > RANK[b];

/** An API key acts with the role its widest scope grants, never above its creator's role. */
export function roleForApiKey(scopes: ApiKeyScope[], creatorRole: Role): Role {
  const granted: Role = scopes.includes('admin') ? 'admin' : scopes.includes('write') ? 'member' : 'viewer';
  return RANK[granted] <= RANK[creatorRole] ? granted : creatorRole;
}
