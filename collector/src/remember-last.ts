/**
 * `fn` with its last answer kept, for arguments that mostly repeat from one call to the next: the
 * receive time and `sentat` every event of a request shares, the peer address of a connection.
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
