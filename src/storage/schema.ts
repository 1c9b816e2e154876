/** Row types of the database, as Kysely sees them. Times are ISO-8601 strings; booleans are 0/1. */
export interface PoliciesTable {
  code: string;
  title: string;
  current_version: string;
  updated_at: string;
}

export interface PolicyVersionsTable {
  policy_code: string;
  version: string;
  imported_at: string;
  source_name: string;
  source_hash: string;
  /** JSON: { added: string[], changed: string[], removed: string[], unchanged: number } */
  changes: string;
}

export interface ClausesTable {
  clause_id: string;
  policy_code: string;
  version: string;
  section_no: number;
  item_no: number;
  section_title: string;
  kind: string;
  lead_in: string | null;
  text: string;
  text_hash: string;
  position: number;
}

export interface QuestionsTable {
  id: string;
  asked_at: string;
  platform: string;
  user_id: string | null;
  /** The question with emails and phone numbers redacted. */
  text: string;
  verdict: string;
  confidence: number;
  /** JSON array of cited clause ids. */
  clause_ids: string;
  needs_review: number;
  review_reason: string | null;
}

export interface FeedbackTable {
  question_id: string;
  user_id: string;
  clause_id: string;
  clause_version: string;
  vote: number;
  created_at: string;
}

export interface Database {
  policies: PoliciesTable;
  policy_versions: PolicyVersionsTable;
  clauses: ClausesTable;
  questions: QuestionsTable;
  feedback: FeedbackTable;
}
