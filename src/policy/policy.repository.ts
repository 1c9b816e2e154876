import type { Db } from '../storage/database.ts';
import type { Clause, PolicyChanges } from './clause.ts';
import type { AssignedClause, PriorClause } from './assign-ids.ts';

export interface PolicySummary {
  code: string;
  title: string;
  currentVersion: string;
  updatedAt: string;
  clauseCount: number;
}

export interface PolicyVersionRow {
  version: string;
  importedAt: string;
  sourceName: string;
  sourceHash: string;
  changes: PolicyChanges;
}

type ClauseRow = {
  clause_id: string; policy_code: string; version: string; section_no: number; item_no: number;
  section_title: string; kind: string; lead_in: string | null; text: string; position: number;
};

function toClause(r: ClauseRow, title: string): Clause {
  return {
    id: r.clause_id, policyCode: r.policy_code, policyTitle: title, version: r.version, sectionNo: Number(r.section_no),
    itemNo: Number(r.item_no), sectionTitle: r.section_title, kind: r.kind as Clause['kind'], leadIn: r.lead_in, text: r.text, position: Number(r.position),
  };
}

/** Policies, versions and clauses in the database. */
export class PolicyRepository {
  constructor(private readonly db: Db) {}

  async listPolicies(): Promise<PolicySummary[]> {
    const rows = await this.db
      .selectFrom('policies as p')
      .leftJoin('clauses as c', (j) => j.onRef('c.policy_code', '=', 'p.code').onRef('c.version', '=', 'p.current_version'))
      .select(['p.code', 'p.title', 'p.current_version', 'p.updated_at'])
      .select((eb) => eb.fn.count<string>('c.clause_id').as('n'))
      .groupBy(['p.code', 'p.title', 'p.current_version', 'p.updated_at'])
      .orderBy('p.code')
      .execute();
    return rows.map((r) => ({ code: r.code, title: r.title, currentVersion: r.current_version, updatedAt: r.updated_at, clauseCount: Number(r.n) }));
  }

  async getPolicy(code: string) {
    return this.db.selectFrom('policies').selectAll().where('code', '=', code).executeTakeFirst();
  }

  async getVersion(code: string, version: string): Promise<PolicyVersionRow | undefined> {
    const r = await this.db.selectFrom('policy_versions').selectAll().where('policy_code', '=', code).where('version', '=', version).executeTakeFirst();
    return r && { version: r.version, importedAt: r.imported_at, sourceName: r.source_name, sourceHash: r.source_hash, changes: JSON.parse(r.changes) };
  }

  async listVersions(code: string): Promise<PolicyVersionRow[]> {
    const rows = await this.db.selectFrom('policy_versions').selectAll().where('policy_code', '=', code).orderBy('imported_at').execute();
    return rows.map((r) => ({ version: r.version, importedAt: r.imported_at, sourceName: r.source_name, sourceHash: r.source_hash, changes: JSON.parse(r.changes) }));
  }

  /** The clauses of every policy's current version, in document order. */
  async currentClauses(): Promise<Clause[]> {
    const rows = await this.db
      .selectFrom('clauses as c')
      .innerJoin('policies as p', (j) => j.onRef('p.code', '=', 'c.policy_code').onRef('p.current_version', '=', 'c.version'))
      .selectAll('c')
      .select('p.title')
      .orderBy('c.policy_code')
      .orderBy('c.position')
      .execute();
    return rows.map((r) => toClause(r, r.title));
  }

  /** One clause at the policy's current version (or at `version`). */
  async getClause(id: string, version?: string): Promise<Clause | undefined> {
    const r = await this.db
      .selectFrom('clauses as c')
      .innerJoin('policies as p', 'p.code', 'c.policy_code')
      .selectAll('c')
      .select('p.title')
      .where('c.clause_id', '=', id)
      .$if(version === undefined, (q) => q.whereRef('c.version', '=', 'p.current_version'))
      .$if(version !== undefined, (q) => q.where('c.version', '=', version!))
      .executeTakeFirst();
    return r && toClause(r, r.title);
  }

  /** Every clause the policy has had, all versions (so ids are never reused), and those of its current version. */
  async priorClauses(code: string): Promise<{ prior: PriorClause[]; history: PriorClause[] }> {
    const policy = await this.getPolicy(code);
    const rows = await this.db.selectFrom('clauses').selectAll().where('policy_code', '=', code).execute();
    const map = (r: (typeof rows)[number]): PriorClause => ({ clauseId: r.clause_id, sectionNo: Number(r.section_no), itemNo: Number(r.item_no), sectionTitle: r.section_title, text: r.text, textHash: r.text_hash });
    return { prior: policy ? rows.filter((r) => r.version === policy.current_version).sort((a, b) => a.position - b.position).map(map) : [], history: rows.map(map) };
  }

  /** Stores a new version and makes it current, in one transaction. */
  async saveVersion(input: { code: string; title: string; version: string; sourceName: string; sourceHash: string; at: string; clauses: AssignedClause[]; changes: PolicyChanges }): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const exists = await trx.selectFrom('policies').select('code').where('code', '=', input.code).executeTakeFirst();
      if (exists) {
        await trx.updateTable('policies').set({ title: input.title, current_version: input.version, updated_at: input.at }).where('code', '=', input.code).execute();
      } else {
        await trx.insertInto('policies').values({ code: input.code, title: input.title, current_version: input.version, updated_at: input.at }).execute();
      }
      await trx.insertInto('policy_versions').values({ policy_code: input.code, version: input.version, imported_at: input.at, source_name: input.sourceName, source_hash: input.sourceHash, changes: JSON.stringify(input.changes) }).execute();
      for (let i = 0; i < input.clauses.length; i += 100) {
        await trx
          .insertInto('clauses')
          .values(input.clauses.slice(i, i + 100).map((c) => ({
            clause_id: c.clauseId, policy_code: input.code, version: input.version, section_no: c.sectionNo, item_no: c.itemNo,
            section_title: c.sectionTitle, kind: c.kind, lead_in: c.leadIn, text: c.text, text_hash: c.textHash, position: c.position,
          })))
          .execute();
      }
    });
  }
}
