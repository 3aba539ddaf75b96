/** The operator audit log: who did what to which license, when. Details never hold key material or tokens. */
import { and, desc, eq } from 'drizzle-orm';
import { newId } from '../../platform/ids';
import type { ServiceContext } from './context';
import { auditLog } from './db/schema';

export type AuditAction = 'license.issue' | 'license.revoke' | 'license.suspend' | 'license.resume' | 'license.renew';

export function recordAudit(ctx: ServiceContext, action: AuditAction, licenseId: string, details: Record<string, unknown>): void {
  ctx.db
    .insert(auditLog)
    .values({
      id: newId('aud', ctx.clock.now().getTime()),
      at: ctx.clock.now(),
      actor: ctx.actor,
      action,
      licenseId,
      requestId: ctx.requestId,
      details: JSON.stringify(details),
    })
    .run();
}

export function auditForLicense(ctx: ServiceContext, licenseId: string) {
  return ctx.db
    .select()
    .from(auditLog)
    .where(and(eq(auditLog.licenseId, licenseId)))
    .orderBy(desc(auditLog.at), desc(auditLog.id))
    .all()
    .map((row) => ({
      id: row.id,
      at: row.at.toISOString(),
      actor: row.actor,
      action: row.action,
      requestId: row.requestId,
      details: JSON.parse(row.details) as unknown,
    }));
}
