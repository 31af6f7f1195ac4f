/** Returned by a fast-path evaluator when this item must go to the sandbox after all. */
export const FAST_PATH_MISS: unique symbol = Symbol('fastPathMiss');
