"""Demo content: doctors, questions and answers we wrote, for a site that is not empty."""
