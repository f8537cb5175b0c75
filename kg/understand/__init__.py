"""Stage 2, understanding: parsed lists into listings (each entry of each list with its kind, its
resource's identity, its topics and links) and the facts read from them (venue, year,
institutions, frameworks, datasets, method families), using a SKOS vocabulary.

spaCy is used here and nowhere else; nothing here knows RDF.
"""

from kg.understand.listings import understand
from kg.understand.records import (
    Entity,
    EntityKind,
    EntryKind,
    Facts,
    Listing,
    PlacedLink,
    Repository,
    Topic,
    Understanding,
)
from kg.understand.vocabulary import Concept, Vocabulary, load_vocabulary

__all__ = [
    "Concept",
    "Entity",
    "EntityKind",
    "EntryKind",
    "Facts",
    "Listing",
    "PlacedLink",
    "Repository",
    "Topic",
    "Understanding",
    "Vocabulary",
    "load_vocabulary",
    "understand",
]
