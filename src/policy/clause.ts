/** A clause of a policy at one version: the unit the bot cites. */
export interface Clause {
  /** Stable, human-readable id: `SMP-7.3` (policy code, section, item). */
  id: string;
  policyCode: string;
  policyTitle: string;
  version: string;
  sectionNo: number;
  itemNo: number;
  sectionTitle: string;
  kind: 'paragraph' | 'bullet';
  /** The sentence that introduced a bullet's list, for context. */
  leadIn: string | null;
  text: string;
  position: number;
}

/** Clause id from its parts. */
export function clauseId(code: string, sectionNo: number, itemNo: number): string {
  return `${code}-${sectionNo}.${itemNo}`;
}

/** What a re-import changed, by clause id. */
export interface PolicyChanges {
  added: string[];
  changed: string[];
  removed: string[];
  unchanged: number;
}
