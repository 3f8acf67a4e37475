"""Language-neutral public URLs (verification, issuer keys) arrive with certificates."""

urlpatterns: list = []
