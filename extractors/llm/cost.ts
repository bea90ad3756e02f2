// What tokens cost, in US dollars, exactly (decimal strings, never floats).
import { Decimal } from 'decimal.js';
import type { LlmSpend } from './errors.ts';

export interface Price {
  /** US dollars per million input tokens. */
  inputPerMillion: number;
  outputPerMillion: number;
}

/** Cost of the tokens at the price, rounded to a millionth of a dollar (what extraction_runs.cost keeps). */
export function costOf(spend: Pick<LlmSpend, 'tokensIn' | 'tokensOut'>, price: Price): string {
  const cost = new Decimal(spend.tokensIn).times(price.inputPerMillion).plus(new Decimal(spend.tokensOut).times(price.outputPerMillion)).div(1_000_000);
  return cost.toDecimalPlaces(6).toFixed();
}
