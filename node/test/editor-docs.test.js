// What an editor shows on hover over an operation or a field comes from the specs: read here with
// the TypeScript compiler's own API (the language service's source of quick info) from the
// declarations the package ships.
const test = require('node:test')
const assert = require('node:assert/strict')
const path = require('node:path')
const ts = require('typescript')

const declarations = path.join(__dirname, '..', 'index.d.ts')
const program = ts.createProgram([declarations], { strict: true, noEmit: true, types: [] })
const checker = program.getTypeChecker()
const file = program.getSourceFile(declarations)

/** The documentation and JSDoc tags of `member` of the interface `name` (at any depth). */
function hover(name, member) {
  let found
  const visit = (node) => {
    if (ts.isInterfaceDeclaration(node) && node.name.text === name) {
      const m = node.members.find((x) => x.name && x.name.getText(file) === member)
      if (m) found = m
    }
    ts.forEachChild(node, visit)
  }
  visit(file)
  assert.ok(found, `${name}.${member} is declared`)
  const symbol = checker.getSymbolAtLocation(found.name)
  return {
    text: ts.displayPartsToString(symbol.getDocumentationComment(checker)),
    tags: symbol.getJsDocTags(checker).map((t) => `${t.name} ${ts.displayPartsToString(t.text)}`),
  }
}

test("getTenants shows the spec's summary and description", () => {
  const { text } = hover('TenantApi', 'getTenants')
  assert.match(text, /^Get Tenants — `GetTenants`: GET `\/tenants`/)
  assert.match(text, /Get tenants managed by SaaSus Platform\./)
})

test('parameters are documented with @param', () => {
  const { tags } = hover('TenantApi', 'updateTenant')
  assert.ok(tags.some((t) => t.startsWith('param tenantId')), tags.join('; '))
  assert.ok(tags.some((t) => t.startsWith('param body') && t.includes('UpdateTenantParam')), tags.join('; '))
})

test("a model's fields carry the spec's descriptions", () => {
  assert.equal(hover('Tenant', 'back_office_staff_email').text, 'administrative staff email address')
})

test("another API's operations are documented too", () => {
  assert.match(hover('PricingPlansApi', 'getPricingPlans').text, /^Get Pricing Plans/)
})
