class QualityError(Exception):
    """Bad input for a quality write: a message, and errors by form field name where they belong."""

    def __init__(self, message: str = "", errors: dict[str, str] | None = None):
        self.errors = errors or {}
        super().__init__(message or "; ".join(self.errors.values()))
