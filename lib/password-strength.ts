import { ZxcvbnFactory } from "@zxcvbn-ts/core";
import { adjacencyGraphs, dictionary } from "@zxcvbn-ts/language-common";

// zxcvbn's score 3 is about 10^8 guesses: out of reach online, and slow offline against argon2id.
const MIN_SCORE = 3;

const DICTIONARY = "it is one of the most common passwords (or a small change to one), which attackers try first";
const REASONS: Record<string, string> = {
  topTen: DICTIONARY,
  topHundred: DICTIONARY,
  common: DICTIONARY,
  similarToCommon: DICTIONARY,
  pwned: DICTIONARY,
  wordByItself: "a single word is easy to guess",
  namesByThemselves: "names are easy to guess",
  commonNames: "names are easy to guess",
  straightRow: "it is a row of keys on the keyboard",
  keyPattern: "it is a pattern of keys on the keyboard",
  simpleRepeat: "it repeats the same characters",
  extendedRepeat: "it repeats the same characters",
  sequences: "it is a sequence such as abc or 1234",
  recentYears: "years are easy to guess",
  dates: "dates are easy to guess",
};

// Built on first use and kept: matching needs the dictionaries ranked, which takes a moment.
let zxcvbn: ZxcvbnFactory | undefined;

/** Why the password is easy to guess, or null when it is not. */
export function guessableReason(password: string, userInputs: string[] = []): string | null {
  zxcvbn ??= new ZxcvbnFactory({ dictionary, graphs: adjacencyGraphs });
  const result = zxcvbn.check(password, userInputs);
  if (result.score >= MIN_SCORE) return null;
  return REASONS[result.feedback.warning ?? ""] ?? "it would not take an attacker long to guess";
}
