"""The /api/v1 application and its routers."""

from ninja import NinjaAPI

from consilium.api.questions import router as questions_router

api = NinjaAPI(
    title="Consilium API",
    version="1",
    description="Questions, verified doctors' answers and what the doctors agree on.",
    urls_namespace="api",
)
api.add_router("/questions", questions_router)
