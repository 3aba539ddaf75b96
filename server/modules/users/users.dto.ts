import { z } from '@hono/zod-openapi';
import type { users } from '../../db/schema';
import { ROLES } from '../../lib/roles';
import { iso, isoDate } from '../../lib/schemas';

export const UserSchema = z
  .object({
    id: z.string(),
    email: z.string(),
    name: z.string(),
    role: z.enum(ROLES),
    active: z.boolean(),
    isOperator: z.boolean(),
    lastLoginAt: isoDate().nullable(),
    createdAt: isoDate(),
    updatedAt: isoDate(),
  })
  .openapi('User');

export type UserDto = z.infer<typeof UserSchema>;

/** The public face of a user row: never the password hash. */
export function toUserDto(row: typeof users.$inferSelect): UserDto {
  return {
    id: row.id,
    email: row.email,
    name: row.name,
    role: row.role,
    active: row.active,
    isOperator: row.isOperator,
    lastLoginAt: iso(row.lastLoginAt),
    createdAt: row.createdAt.toISOString(),
    updatedAt: row.updatedAt.toISOString(),
  };
}
