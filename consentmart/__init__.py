"""ConsentMart: a dbt consent warehouse and the command that runs it."""
