//! The emulator's state: what the API has been told, in memory.

use saasus::models::Tenant;

#[derive(Default)]
pub struct Store {
    /// In creation order, as the API lists them.
    pub tenants: Vec<Tenant>,
}

impl Store {
    pub fn tenant(&self, id: &str) -> Option<&Tenant> {
        self.tenants.iter().find(|t| t.id == id)
    }
    pub fn tenant_mut(&mut self, id: &str) -> Option<&mut Tenant> {
        self.tenants.iter_mut().find(|t| t.id == id)
    }
}
