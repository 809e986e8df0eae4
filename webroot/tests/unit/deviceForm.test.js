import { describe, it, expect } from 'vitest'
import { deviceChanges, deviceForm } from '../../src/operator/deviceForm.js'

const device = { id: 'd1', version: 7, sn: 'SN1', deviceTypeId: 'dt1', cabinet: 'A01', uPosition: null, bmcAddress: '10.0.0.5',
  bmcPort: null, bmcUser: 'root', hasBmcPassword: true, mgmtIpv4: null, description: null }

describe('device edit form', () => {
  it('starts from the device, with empty text for what it lacks and no password', () => {
    const form = deviceForm(device)
    expect(form).toMatchObject({ cabinet: 'A01', uPosition: '', bmcPort: null, bmcUser: 'root', mgmtIpv4: '', bmcPassword: '' })
  })

  it('sends only the version when nothing changed', () => {
    expect(deviceChanges(device, deviceForm(device))).toEqual({ version: 7 })
  })

  it('sends each changed field, a typed password, and never an emptied field', () => {
    const form = { ...deviceForm(device), cabinet: 'B02', bmcPort: 10623, mgmtIpv4: '10.1.0.9', bmcUser: '', bmcPassword: 'n3w-Secret' }
    expect(deviceChanges(device, form)).toEqual({ version: 7, cabinet: 'B02', bmcPort: 10623, mgmtIpv4: '10.1.0.9', bmcPassword: 'n3w-Secret' })
  })
})
