import pg from 'pg';

/*
 * Which of several replicas runs the background work (the license check, checkpoints, future
 * reminders and webhooks): the one holding a PostgreSQL session-level advisory lock on a
 * connection of its own. The lock goes with the connection, so a replica that dies or loses its
 * database connection stops leading at once and another takes over at its next attempt.
 * On SQLite there is one server per data directory (the data-directory lock), always the leader.
 */

export interface Leadership {
  isLeader(): boolean;
  stop(): Promise<void>;
}

/** The advisory lock key for background work: "trasealla leader", a constant every replica shares. */
export const LEADER_LOCK = 7_254_618_214;

/** One server per data directory: it leads from the start (onChange is told at once). */
export function soleLeader(options: { onChange?: (leading: boolean) => void } = {}): Leadership {
  options.onChange?.(true);
  return { isLeader: () => true, stop: async () => {} };
}

export function electLeader(url: string, options: { retryMs?: number; onChange?: (leading: boolean) => void } = {}): Leadership {
  const retryMs = options.retryMs ?? 5_000;
  let client: pg.Client | null = null;
  let leading = false;
  let stopped = false;
  let timer: NodeJS.Timeout | undefined;
  const set = (value: boolean) => {
    if (value === leading) return;
    leading = value;
    options.onChange?.(value);
  };
  const attempt = async () => {
    if (stopped) return;
    try {
      if (!client) {
        const fresh = new pg.Client({ connectionString: url });
        fresh.on('error', () => {
          // The connection broke: its session lock is gone with it.
          if (client === fresh) client = null;
          set(false);
        });
        await fresh.connect();
        client = fresh;
      }
      if (leading) await client.query('SELECT 1'); // still connected, so still holding the lock
      else {
        const { rows } = await client.query<{ ok: boolean }>('SELECT pg_try_advisory_lock($1) AS ok', [LEADER_LOCK]);
        set(rows[0]!.ok);
      }
    } catch {
      client?.end().catch(() => {});
      client = null;
      set(false);
    }
    if (!stopped) timer = setTimeout(() => void attempt(), retryMs);
  };
  void attempt();
  return {
    isLeader: () => leading,
    async stop() {
      stopped = true;
      clearTimeout(timer);
      set(false);
      await client?.end().catch(() => {});
      client = null;
    },
  };
}
