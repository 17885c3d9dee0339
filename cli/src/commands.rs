//! The command tree, built from the operation table: `saasus <api> <group> <operation>`, each
//! operation with a flag per path parameter and per input field (`--tenant-id`), `--data` for
//! the input as JSON, and `completion` for the shells.

use clap::{Arg, ArgAction, Command};
use heck::ToKebabCase;
use saasus::model::TypeRef;
use saasus::operation::OperationInfo;

/// The API's description in `saasus --help`.
fn api_about(api: &str) -> &'static str {
    match api {
        "auth" => "Auth: tenants, SaaS users, tenant users, roles, envs, attributes, invitations, sign-in settings, credentials",
        "pricing" => "Pricing: plans, menus, units, tax rates, metering",
        "billing" => "Billing: Stripe and invoices",
        "apilog" => "ApiLog: the log of API calls",
        "communication" => "Communication: feedback and votes",
        "integration" => "Integration: EventBridge settings",
        "awsmarketplace" => "AWS Marketplace: listings, customers, plans",
        "apigateway" => "Smart API Gateway: settings, API keys, tenants' routing",
        "analysis" => "Analysis: user counts and sign-in history",
        _ => "",
    }
}

/// Every input field of an operation, as `(snake_case name, wire name, type)`.
pub(crate) fn fields(op: &OperationInfo) -> Vec<(&'static str, &'static str, TypeRef)> {
    match (op.input)() {
        TypeRef::Model(info) => info().fields.into_iter().map(|f| (f.name.trim_start_matches("r#"), f.wire, f.ty)).collect(),
        _ => Vec::new(),
    }
}

fn kind(ty: &TypeRef) -> &'static str {
    match ty {
        TypeRef::Optional(inner) => kind(inner),
        TypeRef::String | TypeRef::Enum(_) => "text",
        TypeRef::Integer => "integer",
        TypeRef::Number => "number",
        TypeRef::Boolean => "true or false",
        TypeRef::List(_) => "a JSON array",
        _ => "JSON",
    }
}

fn operation(op: &OperationInfo) -> Command {
    let about = match saasus::operation::summary(op.api, op.id) {
        Some(summary) => format!("{summary} ({} {})", op.method.as_str(), op.path),
        None => format!("{} {} ({})", op.method.as_str(), op.path, op.id),
    };
    let mut c = Command::new(op.name.to_kebab_case()).about(about).arg(
        Arg::new("data")
            .long("data")
            .value_name("JSON|@FILE")
            .help("the input as a JSON object (or @file, @- for stdin); flags override its fields"),
    );
    let mut taken: Vec<String> = vec!["data".into()];
    for p in op.path_params {
        let flag = p.to_kebab_case();
        c = c.arg(Arg::new(flag.clone()).long(flag.clone()).value_name("TEXT").required(true).help("path parameter"));
        taken.push(flag);
    }
    for (name, _, ty) in fields(op) {
        let flag = name.to_kebab_case();
        if taken.contains(&flag) {
            continue; // a body field named as a path parameter: through --data
        }
        let required = !matches!(ty, TypeRef::Optional(_));
        let help = format!("{}{}", kind(&ty), if required { " (required unless in --data)" } else { "" });
        c = c.arg(Arg::new(flag.clone()).long(flag.clone()).value_name("VALUE").action(ArgAction::Set).help(help));
        taken.push(flag);
    }
    c
}

/// The whole command tree.
pub(crate) fn build() -> Command {
    let mut root = Command::new("saasus")
        .version(saasus::VERSION)
        .about("Any SaaSus Platform operation from a shell, and a local emulator of the platform")
        .after_help(
            "Credentials come from SAASUS_API_KEY, SAASUS_SECRET_KEY and SAASUS_SAAS_ID (and SAASUS_BASE_URL), each variable\n\
             that is set winning over the profile's value (`saasus config set`; the secret key in the OS credential store).\n\
             Answers are JSON on stdout; an error is JSON on stderr with an exit code per class:\n\
             2 usage, 3 configuration, 4 invalid argument, 5 4xx, 6 5xx or 429, 7 network, 8 outcome unknown, 9 undecodable.\n\
             `saasus emulator --help` for the emulator.",
        )
        .subcommand_required(true)
        .arg_required_else_help(true)
        .arg(
            Arg::new("profile")
                .long("profile")
                .global(true)
                .value_name("NAME")
                .help("the profile whose credentials to use (else SAASUS_PROFILE, else `default`)"),
        );
    let all = saasus::dynamic::operations();
    let mut apis: Vec<&str> = all.iter().map(|(o, _)| o.api).collect();
    apis.dedup();
    for api in apis {
        let mut api_cmd = Command::new(api).about(api_about(api)).subcommand_required(true).arg_required_else_help(true);
        let tags = all.iter().find(|(o, _)| o.api == api).map(|(_, t)| *t).unwrap_or_default();
        for (tag, wire) in tags {
            let mut group = Command::new(tag.to_kebab_case())
                .about(format!("the {wire} operations"))
                .subcommand_required(true)
                .arg_required_else_help(true);
            for (op, _) in all.iter().filter(|(o, _)| o.api == api && o.tag == *tag) {
                group = group.subcommand(operation(op));
            }
            api_cmd = api_cmd.subcommand(group);
        }
        root = root.subcommand(api_cmd);
    }
    root.subcommand(
        Command::new("emulator")
            .about("Runs the local emulator of the platform (`saasus emulator --help`)")
            .disable_help_flag(true)
            .arg(Arg::new("args").num_args(0..).trailing_var_arg(true).allow_hyphen_values(true)),
    )
    .subcommand(
        Command::new("listen")
            .about("Forwards every platform event (EventBridge envelope, signed) to a local URL as it happens")
            .arg(Arg::new("forward-to").long("forward-to").value_name("URL").required(true).help("where each event is POSTed"))
            .arg(
                Arg::new("operations")
                    .long("operations")
                    .value_name("NAME,…")
                    .value_delimiter(',')
                    .help("only these operations' events (snake case: create_tenant)"),
            )
            .arg(
                Arg::new("interval")
                    .long("interval")
                    .value_name("SECONDS")
                    .value_parser(clap::value_parser!(u64).range(1..=3600))
                    .default_value("5")
                    .help("how often the platform's API log is read (the emulator's events come at once)"),
            ),
    )
    .subcommand(
        Command::new("fixtures")
            .about("Runs a JSON or YAML chain of operations whose later steps use earlier results (${tenant:id}, ${.env:NAME|default})")
            .arg(
                Arg::new("file")
                    .required(true)
                    .value_name("FILE")
                    .help("{\"fixtures\": [{\"name\", \"operation\": \"auth tenant create-tenant\", \"params\"}, …]}"),
            ),
    )
    .subcommand(
        Command::new("logs").about("The API log").subcommand_required(true).subcommand(
            Command::new("tail")
                .about("The latest requests, one line each, oldest first")
                .arg(Arg::new("follow").long("follow").short('f').action(ArgAction::SetTrue).help("keep printing new ones"))
                .arg(Arg::new("status").long("status").value_name("404|4xx").help("only answers with this status or class"))
                .arg(Arg::new("operation").long("operation").value_name("NAME").help("only this operation (snake case)"))
                .arg(
                    Arg::new("limit")
                        .long("limit")
                        .value_name("N")
                        .value_parser(clap::value_parser!(i64).range(1..=1000))
                        .default_value("20")
                        .help("how many of the latest to show first"),
                ),
        ),
    )
    .subcommand(
        Command::new("trigger")
            .about("Performs a representative operation with fixture data (on the emulator unless --live), producing its event")
            .arg(Arg::new("operation").value_name("OPERATION").help("the operation in snake case (create_tenant); none lists them"))
            .arg(Arg::new("list").long("list").action(ArgAction::SetTrue).help("list the operations that have a trigger"))
            .arg(Arg::new("live").long("live").action(ArgAction::SetTrue).help("allow a target that is not the emulator")),
    )
    .subcommand(
        Command::new("config")
            .about("Profiles of credentials: the secret key in the OS credential store, the rest in the config directory")
            .subcommand_required(true)
            .subcommand(
                Command::new("set")
                    .about("Creates or updates the profile (--profile, else `default`); an empty value removes a field")
                    .arg(Arg::new("api-key").long("api-key").value_name("KEY"))
                    .arg(Arg::new("saas-id").long("saas-id").value_name("ID"))
                    .arg(Arg::new("base-url").long("base-url").value_name("URL").help("the emulator's, for example"))
                    .arg(
                        Arg::new("secret-key-stdin")
                            .long("secret-key-stdin")
                            .action(ArgAction::SetTrue)
                            .help("read the secret key from stdin (on a terminal it is asked for, unechoed)"),
                    ),
            )
            .subcommand(Command::new("list").about("The profiles, without their keys"))
            .subcommand(Command::new("remove").about("Removes the profile and its secret key")),
    )
    .subcommand(
        Command::new("completion")
            .about("Prints the completion script of a shell (bash, zsh, fish, elvish, powershell)")
            .arg(Arg::new("shell").required(true).value_parser(clap::value_parser!(clap_complete::Shell))),
    )
}
