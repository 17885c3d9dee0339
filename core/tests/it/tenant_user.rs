//! tenantUser, role, userAttribute, tenantAttribute and env: tenants' members, their roles per
//! env and attributes, with the cascades the API describes.

use crate::common;

use saasus::JsonObject;
use saasus::models::*;

#[tokio::test]
async fn members_roles_and_attributes() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let tu = c.auth().tenant_user();
    let t = common::tenant(&c, "Acme").await;
    let other = common::tenant(&c, "Other").await;
    let alice = common::user(&c, "alice@example.com").await;
    common::user(&c, "bob@example.com").await;
    common::role(&c, "admin").await;
    common::role(&c, "viewer").await;
    c.auth()
        .user_attribute()
        .create_user_attribute(&CreateUserAttributeParam {
            attribute_name: "department".into(),
            display_name: "Department".into(),
            attribute_type: AttributeType::String,
        })
        .await
        .unwrap();

    let mut attrs = JsonObject::new();
    attrs.insert("department", "Sales");
    let created = tu
        .create_tenant_user(
            &t.id,
            &CreateTenantUserParam { email: Some("alice@example.com".into()), sign_in_id: None, attributes: attrs.clone() },
        )
        .await
        .unwrap();
    assert_eq!((created.id.as_str(), created.tenant_id.as_str(), created.tenant_name.as_str()), (alice.id.as_str(), t.id.as_str(), "Acme"));
    assert_eq!(created.attributes, attrs);
    assert!(created.envs.is_empty());
    tu.create_tenant_user(
        &other.id,
        &CreateTenantUserParam { email: None, sign_in_id: Some("alice@example.com".into()), attributes: JsonObject::new() },
    )
    .await
    .unwrap();
    tu.create_tenant_user(
        &t.id,
        &CreateTenantUserParam { email: Some("bob@example.com".into()), sign_in_id: None, attributes: JsonObject::new() },
    )
    .await
    .unwrap();
    let again = tu
        .create_tenant_user(
            &t.id,
            &CreateTenantUserParam { email: Some("alice@example.com".into()), sign_in_id: None, attributes: JsonObject::new() },
        )
        .await;
    assert_eq!(common::status(again.unwrap_err()), 409);
    let stranger = tu
        .create_tenant_user(
            &t.id,
            &CreateTenantUserParam { email: Some("nobody@example.com".into()), sign_in_id: None, attributes: JsonObject::new() },
        )
        .await;
    assert_eq!(common::status(stranger.unwrap_err()), 404);
    let mut wrong_type = JsonObject::new();
    wrong_type.insert("department", 7);
    let typed = tu.update_tenant_user(&t.id, &alice.id, &UpdateTenantUserParam { attributes: wrong_type }).await.unwrap_err();
    assert!(typed.as_api().unwrap().message.contains("attributes.department"));

    tu.create_tenant_user_roles(&t.id, &alice.id, 3, &CreateTenantUserRolesParam { role_names: vec!["admin".into(), "viewer".into()] })
        .await
        .unwrap();
    tu.create_tenant_user_roles(&t.id, &alice.id, 1, &CreateTenantUserRolesParam { role_names: vec!["viewer".into()] }).await.unwrap();
    let no_role = tu.create_tenant_user_roles(&t.id, &alice.id, 1, &CreateTenantUserRolesParam { role_names: vec!["ghost".into()] }).await;
    assert_eq!(common::status(no_role.unwrap_err()), 400);
    let no_env = tu.create_tenant_user_roles(&t.id, &alice.id, 99, &CreateTenantUserRolesParam { role_names: vec!["viewer".into()] }).await;
    assert_eq!(common::status(no_env.unwrap_err()), 404);

    let got = tu.get_tenant_user(&t.id, &alice.id).await.unwrap();
    let envs: Vec<(i64, Vec<&str>)> = got.envs.iter().map(|e| (e.id, e.roles.iter().map(|r| r.role_name.as_str()).collect())).collect();
    assert_eq!(envs, vec![(1, vec!["viewer"]), (3, vec!["admin", "viewer"])]);
    assert_eq!(got.envs[1].roles[0].display_name, "admin role");

    let mut update = JsonObject::new();
    update.insert("department", "Support");
    tu.update_tenant_user(&t.id, &alice.id, &UpdateTenantUserParam { attributes: update.clone() }).await.unwrap();
    assert_eq!(tu.get_tenant_user(&t.id, &alice.id).await.unwrap().attributes, update);

    assert_eq!(tu.get_tenant_users(&t.id).await.unwrap().users.len(), 2);
    assert_eq!(tu.get_all_tenant_users().await.unwrap().users.len(), 3);
    let alice_everywhere = tu.get_all_tenant_user(&alice.id).await.unwrap().users;
    assert_eq!(alice_everywhere.iter().map(|u| u.tenant_name.as_str()).collect::<Vec<_>>(), vec!["Acme", "Other"]);

    let search = |q: SearchTenantUsersQuery| async move { tu.search_tenant_users(&q).await.unwrap() };
    let none = || SearchTenantUsersQuery {
        tenant_id: None,
        id: None,
        email: None,
        sign_in_id: None,
        env_id: None,
        role_name: None,
        limit: None,
        cursor: None,
    };
    assert_eq!(search(SearchTenantUsersQuery { role_name: Some("admin".into()), ..none() }).await.users.len(), 1);
    assert_eq!(search(SearchTenantUsersQuery { email: Some("bob".into()), ..none() }).await.users[0].email, "bob@example.com");
    assert_eq!(search(SearchTenantUsersQuery { env_id: Some(1), tenant_id: Some(t.id.clone()), ..none() }).await.users.len(), 1);
    let page1 = search(SearchTenantUsersQuery { limit: Some(2), ..none() }).await;
    assert_eq!(page1.users.len(), 2);
    let page2 = search(SearchTenantUsersQuery { limit: Some(2), cursor: page1.cursor.clone(), ..none() }).await;
    assert_eq!((page2.users.len(), page2.cursor), (1, None));
    let bad_limit = tu.search_tenant_users(&SearchTenantUsersQuery { limit: Some(0), ..none() }).await;
    assert_eq!(common::status(bad_limit.unwrap_err()), 400);

    tu.delete_tenant_user_role(&t.id, &alice.id, 3, "admin").await.unwrap();
    assert_eq!(common::status(tu.delete_tenant_user_role(&t.id, &alice.id, 3, "admin").await.unwrap_err()), 404);
    // Deleting a role takes it from every member; deleting an env takes its roles.
    c.auth().role().delete_role("viewer").await.unwrap();
    assert!(tu.get_tenant_user(&t.id, &alice.id).await.unwrap().envs.is_empty());

    tu.delete_tenant_user(&t.id, &alice.id).await.unwrap();
    assert_eq!(common::status(tu.get_tenant_user(&t.id, &alice.id).await.unwrap_err()), 404);
    assert_eq!(common::status(tu.delete_tenant_user(&t.id, &alice.id).await.unwrap_err()), 404);
    // Deleting a tenant takes its users with it.
    c.auth().tenant().delete_tenant(&t.id).await.unwrap();
    assert_eq!(tu.get_all_tenant_users().await.unwrap().users.len(), 1);
    emu.stop().await;
}

#[tokio::test]
async fn roles() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let r = c.auth().role();
    assert!(r.get_roles().await.unwrap().roles.is_empty());
    let admin = common::role(&c, "admin").await;
    assert_eq!(admin, Role { role_name: "admin".into(), display_name: "admin role".into() });
    assert_eq!(
        common::status(r.create_role(&CreateRoleParam { role_name: "admin".into(), display_name: "x".into() }).await.unwrap_err()),
        409
    );
    r.update_role("admin", &UpdateRoleParam { display_name: "管理者".into() }).await.unwrap();
    assert_eq!(r.get_roles().await.unwrap().roles[0].display_name, "管理者");
    assert_eq!(common::status(r.update_role("ghost", &UpdateRoleParam { display_name: "x".into() }).await.unwrap_err()), 404);
    r.delete_role("admin").await.unwrap();
    assert!(r.get_roles().await.unwrap().roles.is_empty());
    assert_eq!(common::status(r.delete_role("admin").await.unwrap_err()), 404);
    emu.stop().await;
}

#[tokio::test]
async fn user_and_tenant_attributes() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let ua = c.auth().user_attribute();
    let param =
        |name: &str, ty| CreateUserAttributeParam { attribute_name: name.into(), display_name: name.to_uppercase(), attribute_type: ty };
    ua.create_user_attribute(&param("nickname", AttributeType::String)).await.unwrap();
    ua.create_user_attribute(&param("age", AttributeType::Number)).await.unwrap();
    assert_eq!(common::status(ua.create_user_attribute(&param("age", AttributeType::Number)).await.unwrap_err()), 409);
    let names: Vec<String> = ua.get_user_attributes().await.unwrap().user_attributes.into_iter().map(|a| a.attribute_name).collect();
    assert_eq!(names, vec!["nickname", "age"]);
    ua.delete_user_attribute("nickname").await.unwrap();
    assert_eq!(ua.get_user_attributes().await.unwrap().user_attributes.len(), 1);
    assert_eq!(common::status(ua.delete_user_attribute("nickname").await.unwrap_err()), 404);

    let ta = c.auth().tenant_attribute();
    let a = ta
        .create_tenant_attribute(&CreateTenantAttributeParam {
            attribute_name: "paid".into(),
            display_name: "Paid".into(),
            attribute_type: AttributeType::Bool,
        })
        .await
        .unwrap();
    assert_eq!(a.attribute_type, AttributeType::Bool);
    assert_eq!(ta.get_tenant_attributes().await.unwrap().tenant_attributes, vec![a]);
    let mut wrong = JsonObject::new();
    wrong.insert("paid", "yes");
    let err = c
        .auth()
        .tenant()
        .create_tenant(&CreateTenantParam { name: "T".into(), attributes: wrong, back_office_staff_email: "a@example.com".into() })
        .await
        .unwrap_err();
    assert!(err.as_api().unwrap().message.contains("attributes.paid"));
    let mut right = JsonObject::new();
    right.insert("paid", true);
    let t = c
        .auth()
        .tenant()
        .create_tenant(&CreateTenantParam { name: "T".into(), attributes: right, back_office_staff_email: "a@example.com".into() })
        .await
        .unwrap();
    ta.delete_tenant_attribute("paid").await.unwrap();
    assert!(ta.get_tenant_attributes().await.unwrap().tenant_attributes.is_empty());
    assert!(c.auth().tenant().get_tenant(&t.id).await.unwrap().attributes.is_empty(), "the value goes with its definition");
    assert_eq!(common::status(ta.delete_tenant_attribute("paid").await.unwrap_err()), 404);
    emu.stop().await;
}

#[tokio::test]
async fn envs_start_with_dev_stg_prod() {
    let emu = common::emulator().await;
    let c = common::client(&emu);
    let e = c.auth().env();
    let envs: Vec<(i64, String)> = e.get_envs().await.unwrap().envs.into_iter().map(|e| (e.id, e.name)).collect();
    assert_eq!(envs, vec![(1, "dev".into()), (2, "stg".into()), (3, "prod".into())]);
    let qa = e.create_env(&CreateEnvParam { id: 4, name: "qa".into(), display_name: Some("QA".into()) }).await.unwrap();
    assert_eq!(qa, Env { id: 4, name: "qa".into(), display_name: Some("QA".into()) });
    assert_eq!(common::status(e.create_env(&CreateEnvParam { id: 4, name: "other".into(), display_name: None }).await.unwrap_err()), 409);
    assert_eq!(common::status(e.create_env(&CreateEnvParam { id: 5, name: "qa".into(), display_name: None }).await.unwrap_err()), 409);
    e.update_env(4, &UpdateEnvParam { name: "qa2".into(), display_name: None }).await.unwrap();
    assert_eq!(e.get_env(4).await.unwrap(), Env { id: 4, name: "qa2".into(), display_name: None });
    assert_eq!(common::status(e.get_env(9).await.unwrap_err()), 404);
    // An env id is unsigned by the spec: a negative one is refused before sending, named.
    match e.get_env(-1).await.unwrap_err() {
        saasus::Error::InvalidArgument { field, rule } => {
            assert_eq!((field.as_str(), rule.as_str()), ("env_id", "must be 0 or more (got \"-1\")"))
        }
        other => panic!("{other:?}"),
    }
    // Through the untyped entry the bindings use, text that is not a whole number is refused too.
    let r = c.execute::<saasus::ops::GetEnv>(&["x"], &()).await.unwrap_err();
    assert!(matches!(&r, saasus::Error::InvalidArgument { field, .. } if field == "env_id"), "{r:?}");
    let prod = e.delete_env(3).await.unwrap_err();
    assert!(prod.as_api().unwrap().message.contains("cannot be deleted"));
    e.delete_env(4).await.unwrap();
    assert_eq!(e.get_envs().await.unwrap().envs.len(), 3);
    emu.stop().await;
}

/// SaaSus API v1.13.8 renamed SearchTenantUsers' `role_id` to `role_name`: the name a binding
/// passes by (Python's keyword, Node's key), or through `extra_query`, is refused naming the new
/// one, never sent for the platform to ignore.
#[test]
fn the_renamed_role_id_is_refused_naming_role_name() {
    use saasus::ops::SearchTenantUsers;
    for (args, field) in [
        (serde_json::json!({"role_id": "admin"}), "role_id"),
        (serde_json::json!({"extra_query": {"role_id": "admin"}}), "extra_query.role_id"),
    ] {
        let Err(saasus::Error::InvalidArgument { field: got, rule }) = saasus::decode_operation_input::<SearchTenantUsers>(args.clone())
        else {
            panic!("{args} was accepted")
        };
        assert_eq!(got, field);
        assert_eq!(rule, "was renamed role_name in SaaSus API v1.13.8 (it filters by a role's name); pass role_name instead");
    }
    let (q, extra) = saasus::decode_operation_input::<SearchTenantUsers>(serde_json::json!({"role_name": "admin"})).unwrap();
    assert_eq!((q.role_name.as_deref(), extra), (Some("admin"), None));
}
