"""Languages: profiles as data (``data/<code>.toml``) and language identification."""

from mtqa.lang.profiles import LanguageProfile, get_profile, supported_languages

__all__ = ["LanguageProfile", "get_profile", "supported_languages"]
