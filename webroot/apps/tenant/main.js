// The tenant console (port 8080): instances, the create wizard, projects, keys, profile, messages.
import { h } from 'vue'
import { start } from '@/bootstrap.js'
import { i18n } from '@/i18n/index.js'
import AppShell from '@/components/AppShell.vue'
import LoginPage from '@/components/LoginPage.vue'
import InstanceList from '@/tenant/InstanceList.vue'
import InstanceCreate from '@/tenant/InstanceCreate.vue'
import InstanceDetail from '@/tenant/InstanceDetail.vue'
import Projects from '@/tenant/Projects.vue'
import SshKeys from '@/tenant/SshKeys.vue'
import ApiKeys from '@/pages/ApiKeys.vue'
import Profile from '@/pages/Profile.vue'
import Messages from '@/pages/Messages.vue'

const title = () => i18n.global.t('app.tenant')
const NAV = [
  { key: 'instances', path: '/instances', label: 'nav.instances' },
  { key: 'create', path: '/create', label: 'nav.createInstance' },
  { key: 'projects', path: '/projects', label: 'nav.projects' },
  { key: 'ssh-keys', path: '/ssh-keys', label: 'nav.sshKeys' },
  { key: 'api-keys', path: '/api-keys', label: 'nav.apiKeys' },
  { key: 'messages', path: '/messages', label: 'nav.messages' },
]

start({
  title: 'BMP',
  routes: [
    { path: '/login', component: { render: () => h(LoginPage, { title: title() }) }, meta: { public: true } },
    {
      path: '/',
      component: { render: () => h(AppShell, { title: title(), items: NAV }) },
      children: [
        { path: '', redirect: '/instances' },
        { path: 'instances', component: InstanceList },
        { path: 'instances/:id', component: InstanceDetail, props: true },
        { path: 'create', component: InstanceCreate },
        { path: 'projects', component: Projects },
        { path: 'ssh-keys', component: SshKeys },
        { path: 'api-keys', component: ApiKeys },
        { path: 'profile', component: Profile },
        { path: 'messages', component: Messages },
      ],
    },
    { path: '/:rest(.*)*', redirect: '/instances' },
  ],
})
