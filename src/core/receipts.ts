import type { Db } from '../storage/database.ts';
import { prepare } from '../storage/prepared.ts';

interface InboundReceiptsTable {
  source: string;
  delivery_id: string;
  received_at: string;
}

/** Receipts older than this are pruned; Slack stops retrying after about an hour. */
const KEEP_MS = 24 * 3600 * 1000;

/**
 * Remembers which platform deliveries (a Slack event_id) were already taken, in the database, so a
 * retried delivery is handled once even when it reaches another instance.
 */
export class InboundReceipts {
  private readonly db;
  private taken = 0;
  private readonly insert;
  constructor(db: Db) {
    this.db = db.withTables<{ inbound_receipts: InboundReceiptsTable }>();
    // Runs for every inbound event: compiled once. The claim's answer is needed at once; on SQLite its
    // commit follows with the group of writes it joins, just after the reply is written. Slack has had
    // its 200 before then: only a crash at that moment together with a lost acknowledgement could
    // bring a retry that finds no receipt.
    this.insert = prepare<[string, string, string]>(this.db, (source, delivery_id, received_at) =>
      this.db.insertInto('inbound_receipts').values({ source, delivery_id, received_at }).onConflict((oc) => oc.columns(['source', 'delivery_id']).doNothing()), 3, { resultBeforeCommit: true });
  }

  /**
   * True the first time a delivery id is seen (the caller handles it), false for every repeat.
   * The primary key makes the check atomic across instances.
   */
  async claim(source: string, deliveryId: string, at: Date): Promise<boolean> {
    const result = await this.insert([source, deliveryId, at.toISOString()]);
    if (++this.taken % 500 === 0) await this.prune(new Date(at.getTime() - KEEP_MS));
    return Number(result.numAffectedRows ?? 0n) === 1;
  }

  async prune(before: Date): Promise<void> {
    await this.db.deleteFrom('inbound_receipts').where('received_at', '<', before.toISOString()).execute();
  }
}
