/**
 * The shape a translation must have: every key of the English original, each
 * a string. A missing or extra key in zh-CN is a type error.
 */
export type Messages<T> = { [K in keyof T]: T[K] extends string ? string : Messages<T[K]> }
