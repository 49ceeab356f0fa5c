"""Where items come from: the CNCF landscape.yml and legacy tasks.yaml files."""
