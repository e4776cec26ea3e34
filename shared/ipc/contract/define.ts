import { z } from 'zod';

/**
 * The building block of the IPC contract: each channel names the zod schema its input must pass and,
 * as a type only, what it answers. Every domain declares its channels in its own module beside this
 * one; `../contract.ts` merges them into the one contract.
 */
export interface Channel<I extends z.ZodType, O> {
  input: I;
  /** Phantom: carries the output type; never set at run time. */
  output?: { value: O };
}

export function channel<O>() {
  return <I extends z.ZodType>(input: I): Channel<I, O> => ({ input });
}

/** The input of a channel that takes none. */
export const none = z.object({}).strict();
