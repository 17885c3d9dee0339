// Checked by `tsc --strict --noEmit` (npm run typecheck): the declarations cover the client,
// the models and the errors as users write them.
import { AuthError, Client, NotFoundError, SaasusApiError, bearerToken, hasRole, pricing, communication } from 'saasus'
import type { CreateTenantParam, Tenant, TenantDetail, UserInfo, AttributeType, SaasusErrorCode } from 'saasus'
import { saasusAuth } from 'saasus/express'

export async function example(): Promise<void> {
  const client = new Client({ apiKey: 'k', secretKey: 's', saasId: 'id', baseUrl: 'http://127.0.0.1:8787/v1', timeoutMs: 5000 })
  const param: CreateTenantParam = { name: 'Acme', attributes: { seats: 5 }, back_office_staff_email: 'ops@acme.example' }
  const created: Tenant = await client.auth.tenant.createTenant(param)
  const detail: TenantDetail = await client.auth.tenant.getTenant(created.id)
  const names: string[] = (await client.auth.tenant.getTenants()).tenants.map((t) => t.name)
  // @ts-expect-error name is required
  await client.auth.tenant.createTenant({ attributes: {}, back_office_staff_email: 'a@b.c' })
  // @ts-expect-error the tenant id is required
  await client.auth.tenant.getTenant()
  // @ts-expect-error options are camelCase
  void new Client({ api_key: 'k' })
  await client.auth.tenant.updateTenant(detail.id, { name: 'Acme 2', attributes: {}, back_office_staff_email: 'a@b.c' })
  // Fields newer than the SDK go under extra_body (operations with a body) or extra_query.
  await client.auth.tenant.createTenant({ ...param, extra_body: { future_field: { tier: 2 } } })
  await client.auth.tenantUser.searchTenantUsers({ limit: 10, extra_query: { future_param: 'x' } })
  // @ts-expect-error a misspelt field is refused
  await client.auth.tenant.createTenant({ nmae: 'Acme', attributes: {}, back_office_staff_email: 'a@b.c' })
  // @ts-expect-error an unknown field beside the known ones too
  await client.auth.tenant.createTenant({ ...param, future_field: 1 })
  // @ts-expect-error extra_query is for operations with a query
  await client.auth.tenant.createTenant({ ...param, extra_query: {} })
  // @ts-expect-error extra_body is an object
  await client.auth.tenant.createTenant({ ...param, extra_body: 'x' })
  // @ts-expect-error extra_body is for operations with a body
  await client.auth.tenantUser.searchTenantUsers({ extra_body: {} })
  // @ts-expect-error path parameters other than env ids are strings
  await client.auth.tenant.getTenant(5)
  void new Client({ maxResponseBytes: 16 * 1024 * 1024 })
  // @ts-expect-error maxResponseBytes is a number
  void new Client({ maxResponseBytes: '16MB' })
  const env = await client.auth.env.getEnv(3)
  const kind: AttributeType = 'string'
  const future: AttributeType = 'a value added later'
  const traced: Client = client.withContext({ traceId: 'abc' })
  const creds = await client.auth.credential.getAuthCredentials({ code: 'c', 'auth-flow': 'tempCodeAuth' })
  const user: UserInfo = await traced.authenticate(creds.id_token)
  const token: string | undefined = bearerToken('Bearer x')
  const admin: boolean = hasRole(user, created.id, 'admin', 3)
  try {
    await client.auth.tenant.deleteTenant('nope')
  } catch (e) {
    if (e instanceof NotFoundError) {
      const status: number = e.status
      const trace: string | undefined = e.traceId
      const code: SaasusErrorCode = e.code
      const said: string = e.detail
      void [status, trace, code === 'SAASUS_NOT_FOUND', said]
    } else if (e instanceof SaasusApiError) {
      void e.type
    }
  }
  const middleware = saasusAuth(client, { loginUrl: 'https://auth.example.com/', loginRedirect: '/login', userCacheMaxAgeMs: 30_000 })
  const callback = [middleware.routes({ redirectTo: '/' }), middleware.require('admin', { envId: 3 })]
  const sessions = client.sessions({ secure: false })
  try {
    const { user, setCookies }: import('saasus').Authorized = await sessions.authorize({ authorization: 'Bearer x' })
    void [user.email, setCookies.length]
  } catch (e) {
    if (e instanceof AuthError) void [e.status, e.setCookies, e.isServerError]
  }
  void [names, env.name, kind, future, token, admin, middleware, callback]
}

// One call per tag, with the result typed as the model the declarations promise.
export async function everyTag(client: Client): Promise<unknown[]> {
  const a = client.auth
  const basic: import('saasus').BasicInfo = await a.basicInfo.getBasicInfo()
  const authInfo: import('saasus').AuthInfo = await a.authInfo.getAuthInfo()
  const user: import('saasus').CreatedSaasUser = await a.saasUser.createSaasUser({ email: 'a@example.com', password: 'Passw0rd!' })
  const members: import('saasus').Users = await a.tenantUser.getAllTenantUsers()
  const attrs: import('saasus').UserAttributes = await a.userAttribute.getUserAttributes()
  const tattrs: import('saasus').TenantAttributes = await a.tenantAttribute.getTenantAttributes()
  const roles: import('saasus').Roles = await a.role.getRoles()
  const tenants: import('saasus').Tenants = await a.tenant.getTenants()
  const keys: import('saasus').ApiKeys = await a.saasusTenant.getApiKeys()
  const envs: import('saasus').Envs = await a.env.getEnvs()
  const creds: import('saasus').Credentials = await a.credential.getAuthCredentials({ 'auth-flow': 'refreshTokenAuth', 'refresh-token': 'r' })
  const invitations: import('saasus').Invitations = await a.invitation.getTenantInvitations('t')
  const single: import('saasus').SingleTenantSettings = await a.singleTenant.getSingleTenantSettings()
  const info: import('saasus').UserInfo = await a.userInfo.getUserInfo({ token: creds.id_token })
  const none: void = await a.error.returnInternalServerError()
  return [basic, authInfo, user, members, attrs, tattrs, roles, tenants, keys, envs, creds, invitations, single, info, none]
}

// The other APIs by the same naming rule, with their models in a namespace each.
export async function otherApis(client: Client): Promise<number> {
  const plans: pricing.PricingPlans = await client.pricing.pricingPlans.getPricingPlans()
  const plan: pricing.PricingPlan = await client.pricing.pricingPlans.getPricingPlan(plans.pricing_plans[0].id)
  const feedback: communication.Feedback = await client.communication.feedback.createFeedback({ user_id: 'u', feedback_title: 't', feedback_description: 'd' })
  await client.communication.feedback.updateFeedbackStatus(feedback.id, { status: 1 })
  const logs: import('saasus').apilog.ApiLogs = await client.apilog.apiLog.getLogs({ limit: 10, extra_query: { future: 1 } })
  // @ts-expect-error feedback_title is required
  await client.communication.feedback.createFeedback({ user_id: 'u', feedback_description: 'd' })
  // @ts-expect-error the pricing API has no tenant tag
  void client.pricing.tenant
  // @ts-expect-error Auth's models are not the pricing API's
  const wrong: pricing.Tenant = plan
  // A oneOf narrows on its discriminator; a kind newer than the SDK is the default case.
  const units: pricing.PricingUnit[] = (await client.pricing.pricingUnits.getPricingUnits()).units
  let total = 0
  for (const u of units) {
    switch (u.type) {
      case 'fixed':
        total += u.unit_amount
        break
      case 'usage':
        total += u.unit_amount
        break
      case 'tiered':
      case 'tiered_usage':
        total += u.tiers.length
        break
      default: {
        const kind: string = String(u.type)
        const fields: unknown = u['name']
        void [kind, fields]
      }
    }
  }
  const fixed: pricing.PricingFixedUnitForSave = { type: 'fixed', name: 'n', display_name: 'N', description: '', unit_amount: 100, recurring_interval: 'month', currency: 'JPY' }
  const created: pricing.PricingUnit = await client.pricing.pricingUnits.createPricingUnit(fixed)
  // @ts-expect-error a fixed unit's type is 'fixed'
  const mislabelled: pricing.PricingFixedUnitForSave = { ...fixed, type: 'usage' }
  void [wrong, created, mislabelled, logs]
  return total
}
