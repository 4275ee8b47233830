"""Consensus: what the doctors' answers to a question add up to."""

from django.apps import AppConfig


class ConsensusConfig(AppConfig):
    name = "consilium.consensus"
    label = "consensus"
