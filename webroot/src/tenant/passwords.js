// The seed's password rule for instances, checked before sending so the user sees it at once
// (the server checks it again): 8 to 30 characters, three of lower, upper, digit, other.
export function passwordProblem(password) {
  if (password.length < 8 || password.length > 30) return 'length'
  const classes = [/[a-z]/, /[A-Z]/, /[0-9]/, /[^a-zA-Z0-9]/].filter((r) => r.test(password)).length
  return classes < 3 ? 'classes' : null
}
