//! The GraphQL schema: types, resolvers and the limits that bound a request.
//!
//! Resolvers stay thin: they read arguments and the caller, call one
//! service, and shape the answer. Their doc comments become the schema's
//! descriptions that client developers read in GraphiQL.

pub(crate) mod guard;
mod inputs;
mod mutation;
pub(crate) mod query;
mod subscription;
mod types;

use async_graphql::Schema;

pub use guard::RequestGuard;
pub use mutation::MutationRoot;
pub use query::QueryRoot;
pub use subscription::SubscriptionRoot;

use crate::state::AppState;

/// The schema type the server serves.
pub type AppSchema = Schema<QueryRoot, MutationRoot, SubscriptionRoot>;

/// The deepest selection a query may make.
pub const MAX_DEPTH: usize = 12;
/// The largest complexity (fields, weighted by lists) a query may have.
pub const MAX_COMPLEXITY: usize = 2_000;
/// The deepest nesting of input values.
pub const MAX_RECURSIVE_DEPTH: usize = 16;
/// The most directives one field may carry.
pub const MAX_DIRECTIVES: usize = 4;

/// Builds the schema with its limits, its guard and the shared state.
pub fn build_schema(state: AppState) -> AppSchema {
    Schema::build(QueryRoot, MutationRoot, SubscriptionRoot)
        .limit_depth(MAX_DEPTH)
        .limit_complexity(MAX_COMPLEXITY)
        .limit_recursive_depth(MAX_RECURSIVE_DEPTH)
        .limit_directives(MAX_DIRECTIVES)
        .extension(RequestGuard)
        .data(state)
        .finish()
}

/// The schema's SDL, as checked in at `api/schema.graphql`.
pub fn sdl() -> String {
    Schema::build(QueryRoot, MutationRoot, SubscriptionRoot)
        .finish()
        .sdl()
}
