/**
 * The shape a translation of an area must have: exactly the English area's keys, each a message.
 * The English files are `as const`, so their own type holds the English words; this keeps only
 * the keys, so that a missing, misspelt or extra key in another language is a type error.
 */
export type Translation<T> = { readonly [K in keyof T]: T[K] extends string ? string : Translation<T[K]> };
