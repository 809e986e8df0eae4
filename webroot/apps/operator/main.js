// The operator console (port 8081): rooms, device types, images, operating systems, devices, all instances, users,
// roles, messages, audit log. Tenants (role User) are turned away at login.
import { h } from 'vue'
import { start } from '@/bootstrap.js'
import { i18n } from '@/i18n/index.js'
import { session } from '@/session.js'
import AppShell from '@/components/AppShell.vue'
import LoginPage from '@/components/LoginPage.vue'
import Rooms from '@/operator/Rooms.vue'
import DeviceTypes from '@/operator/DeviceTypes.vue'
import Images from '@/operator/Images.vue'
import OperatingSystems from '@/operator/OperatingSystems.vue'
import Devices from '@/operator/Devices.vue'
import DeviceDetail from '@/operator/DeviceDetail.vue'
import Users from '@/operator/Users.vue'
import Roles from '@/operator/Roles.vue'
import AuditLog from '@/operator/AuditLog.vue'
import InstanceList from '@/tenant/InstanceList.vue'
import InstanceDetail from '@/tenant/InstanceDetail.vue'
import ApiKeys from '@/pages/ApiKeys.vue'
import Profile from '@/pages/Profile.vue'
import Messages from '@/pages/Messages.vue'

const title = () => i18n.global.t('app.operator')
const ALL = [
  { key: 'devices', path: '/devices', label: 'nav.devices' },
  { key: 'instances', path: '/instances', label: 'nav.instances' },
  { key: 'device-types', path: '/device-types', label: 'nav.deviceTypes' },
  // Operating systems only describe images: one group keeps the bar within 1280 px.
  { key: 'images', label: 'nav.images', children: [
    { key: 'image-list', path: '/images', label: 'nav.images' },
    { key: 'operating-systems', path: '/operating-systems', label: 'nav.operatingSystems' },
  ] },
  { key: 'rooms', path: '/rooms', label: 'nav.rooms' },
  { key: 'users', path: '/users', label: 'nav.users', owner: true },
  { key: 'roles', path: '/roles', label: 'nav.roles', owner: true },
  { key: 'audit', path: '/audit', label: 'nav.audit' },
  { key: 'messages', path: '/messages', label: 'nav.messages' },
  { key: 'api-keys', path: '/api-keys', label: 'nav.apiKeys' },
]
// Users and roles are the Owner's; an Operator does not see them.
const nav = () => ALL.filter((item) => !item.owner || session.user?.role === 'Owner')

start({
  title: 'BMP',
  routes: [
    { path: '/login', component: { render: () => h(LoginPage, { title: title(), operatorsOnly: true }) }, meta: { public: true } },
    {
      path: '/',
      component: { render: () => h(AppShell, { title: title(), items: nav() }) },
      children: [
        { path: '', redirect: '/devices' },
        { path: 'devices', component: Devices },
        { path: 'devices/:id', component: DeviceDetail, props: true },
        { path: 'instances', component: InstanceList, props: { canCreate: false } },
        { path: 'instances/:id', component: InstanceDetail, props: true },
        { path: 'device-types', component: DeviceTypes },
        { path: 'images', component: Images },
        { path: 'operating-systems', component: OperatingSystems },
        { path: 'rooms', component: Rooms },
        { path: 'users', component: Users },
        { path: 'roles', component: Roles },
        { path: 'audit', component: AuditLog },
        { path: 'messages', component: Messages },
        { path: 'api-keys', component: ApiKeys },
        { path: 'profile', component: Profile },
      ],
    },
    { path: '/:rest(.*)*', redirect: '/devices' },
  ],
})
