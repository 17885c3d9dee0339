//! Every model and enum of the core, for the generators.

use saasus::model::{Describe, EnumInfo, ModelInfo, TypeRef};

pub fn all_types() -> (Vec<ModelInfo>, Vec<EnumInfo>) {
    let mut models = Vec::new();
    let mut enums = Vec::new();
    macro_rules! collect {
        ($($m:ident)* ; $($e:ident)*) => {
            $( if let TypeRef::Model(f) = <saasus::models::$m as Describe>::type_ref() { models.push(f()); } )*
            $( if let TypeRef::Enum(f) = <saasus::models::$e as Describe>::type_ref() { enums.push(f()); } )*
        };
    }
    saasus::for_each_model!(collect);
    (models, enums)
}
