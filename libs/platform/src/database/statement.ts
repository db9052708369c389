/** A parameterized statement: SQL with $n placeholders numbered from where the caller left off. */
export interface Statement {
  sql: string;
  values: unknown[];
}
