//! Request-level rules: stable codes for parse and validation errors, and
//! one mutation field per document, so that one request is one effect.

use std::sync::Arc;

use async_graphql::extensions::{
    Extension, ExtensionContext, ExtensionFactory, NextParseQuery, NextValidation,
};
use async_graphql::parser::types::{ExecutableDocument, OperationType, Selection};
use async_graphql::{ServerError, ServerResult, ValidationResult, Variables};

/// Code of a document that does not parse.
pub const PARSE_FAILED: &str = "GRAPHQL_PARSE_FAILED";
/// Code of a document that breaks the schema's rules or limits.
pub const VALIDATION_FAILED: &str = "GRAPHQL_VALIDATION_FAILED";

/// The extension that enforces the request-level rules.
pub struct RequestGuard;

impl ExtensionFactory for RequestGuard {
    fn create(&self) -> Arc<dyn Extension> {
        Arc::new(RequestGuard)
    }
}

#[async_trait::async_trait]
impl Extension for RequestGuard {
    async fn parse_query(
        &self,
        ctx: &ExtensionContext<'_>,
        query: &str,
        variables: &Variables,
        next: NextParseQuery<'_>,
    ) -> ServerResult<ExecutableDocument> {
        let document = next
            .run(ctx, query, variables)
            .await
            .map_err(|error| with_code(error, PARSE_FAILED))?;

        for (_, operation) in document.operations.iter() {
            let operation = &operation.node;
            if operation.ty == OperationType::Mutation
                && count_fields(&document, &operation.selection_set.node.items, 0) > 1
            {
                let error = ServerError::new(
                    "a request may run one mutation field at a time; send one request per effect",
                    Some(operation.selection_set.pos),
                );
                return Err(with_code(error, VALIDATION_FAILED));
            }
        }
        Ok(document)
    }

    async fn validation(
        &self,
        ctx: &ExtensionContext<'_>,
        next: NextValidation<'_>,
    ) -> Result<ValidationResult, Vec<ServerError>> {
        next.run(ctx).await.map_err(|errors| {
            errors
                .into_iter()
                .map(|error| with_code(error, VALIDATION_FAILED))
                .collect()
        })
    }
}

/// Counts the top-level fields of a selection, through fragments; a cycle
/// of fragments stops at a fixed depth (validation refuses it later).
fn count_fields(
    document: &ExecutableDocument,
    items: &[async_graphql::Positioned<Selection>],
    depth: usize,
) -> usize {
    if depth > 8 {
        return 0;
    }
    items
        .iter()
        .map(|item| match &item.node {
            Selection::Field(_) => 1,
            Selection::InlineFragment(fragment) => {
                count_fields(document, &fragment.node.selection_set.node.items, depth + 1)
            }
            Selection::FragmentSpread(spread) => document
                .fragments
                .get(&spread.node.fragment_name.node)
                .map(|fragment| {
                    count_fields(document, &fragment.node.selection_set.node.items, depth + 1)
                })
                .unwrap_or(0),
        })
        .sum()
}

fn with_code(mut error: ServerError, code: &str) -> ServerError {
    let extensions = error.extensions.get_or_insert_with(Default::default);
    extensions.set("code", code);
    error
}
