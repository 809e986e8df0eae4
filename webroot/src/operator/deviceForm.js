// The editable fields of a device, and the PATCH body that carries only what the form changed.

export const DEVICE_FIELDS = ['deviceTypeId', 'cabinet', 'uPosition', 'bmcAddress', 'bmcPort', 'bmcUser', 'mgmtIpv4', 'mgmtMask',
  'mgmtGateway', 'mgmtIpv6', 'description']

const blank = (field) => (field === 'bmcPort' ? null : '')

/** The form's starting values: the device's, with empty text for what it lacks; never a password. */
export function deviceForm(device) {
  const form = { bmcPassword: '' }
  DEVICE_FIELDS.forEach((f) => { form[f] = device[f] ?? blank(f) })
  return form
}

/**
 * The PATCH body: the version last read and each changed field. An emptied field is not sent (the
 * API cannot clear one), and the BMC password only when one was typed (it is write-only).
 */
export function deviceChanges(device, form) {
  const body = { version: device.version }
  DEVICE_FIELDS.forEach((f) => {
    const value = form[f]
    if (value !== (device[f] ?? blank(f)) && value !== '' && value !== null) body[f] = value
  })
  if (form.bmcPassword) body.bmcPassword = form.bmcPassword
  return body
}
