/**
 * `fn` with its last answer kept: the events of one request share values such as its receive
 * time or its `sentat`, so a per-event call mostly repeats the previous one.
 */
export function rememberLast<A, R>(fn: (arg: A) => R): (arg: A) => R {
  let known = false
  let lastArg: A | undefined
  let last: R | undefined
  return (arg) => {
    if (!known || arg !== lastArg) {
      last = fn(arg)
      lastArg = arg
      known = true
    }
    return last as R
  }
}
