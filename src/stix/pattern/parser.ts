/**
 * Recursive-descent parser for STIX patterns (spec 9), following the OASIS STIXPattern.g4
 * grammar. Precedence, loosest first: FOLLOWEDBY, OR, AND between observation expressions;
 * OR, AND inside `[ ]`. Qualifiers (WITHIN, REPEATS, START/STOP) are postfix and may chain.
 */
import type {
  ComparisonExpression,
  ComparisonOperator,
  ObjectPath,
  ObservationExpression,
  PathStep,
  Pattern,
  PatternLiteral,
} from './ast.js';
import { PatternSyntaxError, tokenize, type Token } from './lexer.js';
import { compareTimestamps } from '../timestamp.js';

const ORDERING = new Set(['>', '<', '>=', '<=']);
const OBJECT_TYPE_RE = /^[a-z][a-z0-9-]*[a-z0-9]$/;
const STRING_ONLY = new Set(['LIKE', 'MATCHES', 'ISSUBSET', 'ISSUPERSET']);

class Parser {
  private i = 0;

  constructor(private readonly tokens: readonly Token[]) {}

  private peek(): Token {
    return this.tokens[this.i] ?? (this.tokens[this.tokens.length - 1] as Token);
  }

  private next(): Token {
    const t = this.peek();
    if (this.i < this.tokens.length - 1) this.i++;
    return t;
  }

  private is(kind: Token['kind'], text?: string): boolean {
    const t = this.peek();
    return t.kind === kind && (text === undefined || t.text === text);
  }

  private accept(kind: Token['kind'], text?: string): boolean {
    if (!this.is(kind, text)) return false;
    this.next();
    return true;
  }

  private expect(kind: Token['kind'], text: string | undefined, what: string): Token {
    if (!this.is(kind, text)) this.fail(`expected ${what}`);
    return this.next();
  }

  private fail(message: string): never {
    const t = this.peek();
    throw new PatternSyntaxError(
      `${message}, found ${t.kind === 'eof' ? 'end of pattern' : JSON.stringify(t.text)}`,
      t.pos,
    );
  }

  pattern(): Pattern {
    const expr = this.followedBy();
    if (!this.is('eof')) this.fail('expected AND, OR, FOLLOWEDBY or a qualifier');
    return expr;
  }

  private followedBy(): ObservationExpression {
    let left = this.observationOr();
    while (this.accept('keyword', 'FOLLOWEDBY'))
      left = { kind: 'followedby', left, right: this.observationOr() };
    return left;
  }

  private observationOr(): ObservationExpression {
    let left = this.observationAnd();
    while (this.accept('keyword', 'OR')) left = { kind: 'or', left, right: this.observationAnd() };
    return left;
  }

  private observationAnd(): ObservationExpression {
    let left = this.qualified();
    while (this.accept('keyword', 'AND')) left = { kind: 'and', left, right: this.qualified() };
    return left;
  }

  private qualified(): ObservationExpression {
    let expression = this.observation();
    for (;;) {
      if (this.accept('keyword', 'WITHIN')) {
        const t = this.next();
        const seconds = t.kind === 'int' || t.kind === 'float' ? Number(t.text) : NaN;
        if (!(seconds > 0)) this.failAt(t, 'WITHIN needs a positive number of seconds');
        this.expect('keyword', 'SECONDS', 'SECONDS');
        expression = { kind: 'qualified', expression, qualifier: { kind: 'within', seconds } };
      } else if (this.accept('keyword', 'REPEATS')) {
        const t = this.next();
        const times = t.kind === 'int' ? Number(t.text) : NaN;
        if (!(times > 0)) this.failAt(t, 'REPEATS needs a positive integer');
        this.expect('keyword', 'TIMES', 'TIMES');
        expression = { kind: 'qualified', expression, qualifier: { kind: 'repeats', times } };
      } else if (this.accept('keyword', 'START')) {
        const start = this.expect('timestamp', undefined, "a t'…' timestamp after START").text;
        this.expect('keyword', 'STOP', 'STOP');
        const stopToken = this.expect('timestamp', undefined, "a t'…' timestamp after STOP");
        if (compareTimestamps(stopToken.text, start) <= 0)
          this.failAt(stopToken, 'STOP must be later than START');
        expression = {
          kind: 'qualified',
          expression,
          qualifier: { kind: 'start-stop', start, stop: stopToken.text },
        };
      } else return expression;
    }
  }

  private failAt(t: Token, message: string): never {
    throw new PatternSyntaxError(message, t.pos);
  }

  private observation(): ObservationExpression {
    if (this.accept('punct', '[')) {
      const comparison = this.comparisonOr();
      this.expect('punct', ']', "']'");
      return { kind: 'observation', comparison };
    }
    if (this.accept('punct', '(')) {
      const inner = this.followedBy();
      this.expect('punct', ')', "')'");
      return inner;
    }
    return this.fail("expected '[' or '('");
  }

  private comparisonOr(): ComparisonExpression {
    let left = this.comparisonAnd();
    while (this.accept('keyword', 'OR')) left = { kind: 'or', left, right: this.comparisonAnd() };
    return left;
  }

  private comparisonAnd(): ComparisonExpression {
    let left = this.propTest();
    while (this.accept('keyword', 'AND')) left = { kind: 'and', left, right: this.propTest() };
    return left;
  }

  private propTest(): ComparisonExpression {
    if (this.accept('punct', '(')) {
      const inner = this.comparisonOr();
      this.expect('punct', ')', "')'");
      return inner;
    }
    if (this.accept('keyword', 'EXISTS'))
      return { kind: 'exists', negated: false, path: this.objectPath() };
    const after = this.tokens[this.i + 1];
    if (this.is('keyword', 'NOT') && after?.kind === 'keyword' && after.text === 'EXISTS') {
      this.i += 2;
      return { kind: 'exists', negated: true, path: this.objectPath() };
    }
    const path = this.objectPath();
    const negated = this.accept('keyword', 'NOT');
    const t = this.next();
    let operator: ComparisonOperator;
    if (t.kind === 'op') operator = t.text as ComparisonOperator;
    else if (t.kind === 'keyword' && (t.text === 'IN' || STRING_ONLY.has(t.text)))
      operator = t.text as ComparisonOperator;
    else return this.failAt(t, 'expected a comparison operator');
    if (operator === 'IN')
      return { kind: 'comparison', path, operator, negated, value: this.setLiteral() };
    const literalToken = this.peek();
    const value = this.literal();
    if (STRING_ONLY.has(operator) && value.kind !== 'string')
      this.failAt(literalToken, `${operator} needs a string`);
    if (ORDERING.has(operator) && value.kind === 'boolean')
      this.failAt(literalToken, `${operator} cannot compare booleans`);
    return { kind: 'comparison', path, operator, negated, value };
  }

  private setLiteral(): PatternLiteral[] {
    this.expect('punct', '(', "'(' after IN");
    const values: PatternLiteral[] = [];
    if (this.accept('punct', ')')) return values;
    do values.push(this.literal());
    while (this.accept('punct', ','));
    this.expect('punct', ')', "')' closing the IN set");
    return values;
  }

  private literal(): PatternLiteral {
    const t = this.next();
    switch (t.kind) {
      case 'string':
      case 'hex':
      case 'binary':
      case 'timestamp':
        return { kind: t.kind, value: t.kind === 'hex' ? t.text.toLowerCase() : t.text };
      case 'int':
        return { kind: 'integer', value: Number(t.text) };
      case 'float':
        return { kind: 'float', value: Number(t.text) };
      case 'bool':
        return { kind: 'boolean', value: t.text === 'true' };
      default:
        return this.failAt(t, 'expected a constant');
    }
  }

  private objectPath(): ObjectPath {
    const typeToken = this.expect('ident', undefined, 'an object type');
    if (!OBJECT_TYPE_RE.test(typeToken.text)) this.failAt(typeToken, 'invalid object type');
    this.expect('punct', ':', "':' after the object type");
    const steps: PathStep[] = [{ kind: 'key', name: this.pathKey() }];
    for (;;) {
      if (this.accept('punct', '.')) steps.push({ kind: 'key', name: this.pathKey() });
      else if (this.accept('punct', '[')) {
        const t = this.next();
        if (t.kind === 'punct' && t.text === '*') steps.push({ kind: 'index', index: '*' });
        else if (t.kind === 'int') steps.push({ kind: 'index', index: Number(t.text) });
        else this.failAt(t, "expected a list index or '*'");
        this.expect('punct', ']', "']' closing the list index");
      } else return { objectType: typeToken.text, steps };
    }
  }

  /** A path component: an identifier without hyphen, or a quoted key such as `'x-ext'`. */
  private pathKey(): string {
    const t = this.next();
    if (t.kind === 'string') return t.text;
    if (t.kind === 'keyword' || t.kind === 'bool') {
      this.failAt(t, `${t.text} cannot be a property name unquoted`);
    }
    if (t.kind === 'ident' && !t.text.includes('-')) return t.text;
    return this.failAt(t, 'expected a property name (quote names that contain hyphens)');
  }
}

/** Parses a STIX pattern into its AST; throws {@link PatternSyntaxError} when it is invalid. */
export function parsePattern(pattern: string): Pattern {
  return new Parser(tokenize(pattern)).pattern();
}
