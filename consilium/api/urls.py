"""The /api/v1 application and its routers."""

from ninja import NinjaAPI

from consilium.api.questions import router as questions_router
from consilium.api.search import router as search_router

api = NinjaAPI(
    title="Consilium API",
    version="1",
    description="Questions, verified doctors' answers and what the doctors agree on.",
    urls_namespace="api",
)
# Search first: its /questions/similar must win over any /questions/{question_id} path.
api.add_router("", search_router)
api.add_router("/questions", questions_router)
