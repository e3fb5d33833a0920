/**
 * What the scaffolder's platform module answers about a project name (`platform:project:check`
 * and the Create form's check while typing): each place the name is taken, and each place it
 * did not ask.
 *
 * @public
 */
export interface ProjectNameAnswer {
  name: string;
  /** Why the name cannot be used at all; nothing is asked then. */
  invalid?: string;
  /** One sentence per place the name is taken, e.g. "payments-api already exists in the catalog (owned by Payments)". */
  taken: string[];
  /** One sentence per place that was not asked, and why. */
  notAsked: string[];
  /** The places asked, in words ("the catalog", "github.com"). */
  asked: string[];
}

/**
 * Where the project will be published: the local git root, or a repository picker's value.
 *
 * @public
 */
export interface ProjectNameQuestion {
  name: string;
  /** A repository picker's value (`github.com?owner=acme&repo=orders-api`); absent for the local git root. */
  repoUrl?: string;
}
