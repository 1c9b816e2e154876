/**
 * The trust directory (PRODUCT.md §4): who is who in the trust, by email. Loaded from
 * staffroom.config.yaml by `loadDirectory()`; platform ids are resolved separately by email.
 */
export interface Person {
  name?: string;
  email: string;
}

/** How staff are matched to an academy: an explicit list wins over an email domain. */
export interface StaffMapping {
  domains: string[];
  emails: string[];
}

export interface Academy {
  id: string;
  name: string;
  headOfSchool: Person;
  dsl: Person;
  staff: StaffMapping;
}

export interface TrustDirectoryData {
  trust: { name: string };
  academies: Academy[];
  executiveHead: Person;
  trustee: Person;
  admins: Person[];
}

/** Who receives a question a member of staff wants a person to answer, and in what role. */
export interface Route {
  to: Person;
  role: 'Head of School' | 'Executive Head' | 'trustee contact';
  academy: Academy | null;
}

const norm = (email: string) => email.trim().toLowerCase();
const domainOf = (email: string) => norm(email).split('@')[1] ?? '';

/**
 * Read-only lookups over a validated directory. Emails compare case-insensitively.
 *
 * @example
 *   const academy = directory.academyFor('j.smith@oakfield.example');
 */
export class Directory {
  constructor(readonly data: TrustDirectoryData) {}

  get trustName(): string {
    return this.data.trust.name;
  }

  /**
   * The academy a member of staff belongs to: their Head / DSL role or an explicit staff entry first,
   * then a unique email-domain match. Null when unknown or when a shared domain makes it ambiguous.
   */
  academyFor(email: string | null | undefined): Academy | null {
    if (!email) return null;
    const e = norm(email);
    const explicit = this.data.academies.find(
      (a) => norm(a.headOfSchool.email) === e || norm(a.dsl.email) === e || a.staff.emails.some((s) => norm(s) === e),
    );
    if (explicit) return explicit;
    const byDomain = this.data.academies.filter((a) => a.staff.domains.includes(domainOf(e)));
    return byDomain.length === 1 ? byDomain[0] : null;
  }

  isAdmin(email: string | null | undefined): boolean {
    return !!email && this.data.admins.some((a) => norm(a.email) === norm(email));
  }

  /**
   * Who answers a question for this asker: their Head of School; the Executive Head when the asker is
   * a Head of School or their academy is unknown; the trustee contact when the asker is the Executive Head.
   */
  routeQuestion(askerEmail: string | null | undefined): Route {
    const e = askerEmail ? norm(askerEmail) : '';
    if (e && norm(this.data.executiveHead.email) === e) return { to: this.data.trustee, role: 'trustee contact', academy: null };
    const academy = this.academyFor(e);
    if (!academy || norm(academy.headOfSchool.email) === e) return { to: this.data.executiveHead, role: 'Executive Head', academy };
    return { to: academy.headOfSchool, role: 'Head of School', academy };
  }

  /** The DSL for this asker's academy, or every academy's DSL when the academy is unknown. */
  dslsFor(email: string | null | undefined): Person[] {
    const academy = this.academyFor(email);
    return academy ? [academy.dsl] : this.data.academies.map((a) => a.dsl);
  }

  /** Everyone the directory names, with their roles (the local chat's "who are you?" list). */
  people(): { person: Person; roles: string[] }[] {
    const byEmail = new Map<string, { person: Person; roles: string[] }>();
    const add = (p: Person, role: string) => {
      const entry = byEmail.get(norm(p.email)) ?? { person: p, roles: [] };
      entry.roles.push(role);
      byEmail.set(norm(p.email), entry);
    };
    for (const a of this.data.academies) {
      add(a.headOfSchool, `Head of School, ${a.name}`);
      add(a.dsl, `DSL, ${a.name}`);
      for (const s of a.staff.emails) add({ email: s }, `staff, ${a.name}`);
    }
    add(this.data.executiveHead, 'Executive Head');
    add(this.data.trustee, 'trustee contact');
    for (const a of this.data.admins) add(a, 'admin');
    return [...byEmail.values()];
  }

  /** The directory's name for an email, when it has one. */
  nameOf(email: string): string | undefined {
    return this.people().find((p) => norm(p.person.email) === norm(email))?.person.name;
  }
}
