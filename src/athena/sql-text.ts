/**
 * The pieces of SQL text that come from outside (bucket names, prefixes, the table name the
 * user gives): each is validated or escaped here, and nowhere else, so no statement tlstop
 * builds can be changed by what it quotes. Pure.
 */

/** Glue database and table names: lowercase letters, digits and underscores (Athena's rule for names it creates). */
const NAME = /^[a-z_][a-z0-9_]{0,254}$/;

/** The name, or an Error saying why it is not one Athena takes (`what` names the option). */
export function checkName(name: string, what: string): string | Error {
  if (!NAME.test(name))
    return new Error(`${what} must be lowercase letters, digits and underscores, starting with a letter or _ (got "${name}")`);
  return name;
}

/** A validated name in DML (Trino) double quotes; the check above leaves no quote to escape. */
export function quotedName(name: string): string {
  if (!NAME.test(name)) throw new Error(`not a checked name: ${name}`);
  return `"${name}"`;
}

/** A validated name in DDL (Hive) backticks. */
export function ddlName(name: string): string {
  if (!NAME.test(name)) throw new Error(`not a checked name: ${name}`);
  return `\`${name}\``;
}

/**
 * A string literal: single quotes doubled, and no character below U+0020 (a control
 * character has no business in a key prefix, and a newline in DDL text printed for the user
 * to paste would be a trap).
 */
export function stringLiteral(text: string): string {
  if (/[\u0000-\u001f\u007f]/.test(text)) throw new Error('a control character cannot go into a SQL literal');
  return `'${text.replace(/'/g, "''")}'`;
}

/** A whole number as SQL text (epoch milliseconds); throws on anything else. */
export function integerLiteral(n: number): string {
  if (!Number.isSafeInteger(n)) throw new Error(`not a whole number: ${n}`);
  return String(n);
}
